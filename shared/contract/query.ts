import * as v from 'valibot';

import {
  booleanParam,
  count,
  countParam,
  idValue,
  resultsTokenValue,
} from './fields.ts';
import { limits } from './limits.ts';

/**
 * How a filter compares: `contains` is a substring match, as Duende's
 * `ISessionManagementService` does it, so results narrow as an operator
 * types; `exact` compares whole values, uses an index, and is the only mode
 * fit for deciding who may see or remove what.
 */
export const matchModes = ['contains', 'exact'] as const;
export type MatchMode = (typeof matchModes)[number];

/**
 * The query string of `GET {base}`, as the server parses it. Every value
 * arrives as text; repeated parameters are refused before this schema
 * runs, and unknown ones by it.
 *
 * `clientId` keeps the sessions whose client list holds that client id,
 * compared whole whatever `match` says. Duende's `SessionQuery` has no
 * such filter: a host built on it refuses the parameter with a 400 naming
 * `clientId`, and a client should then filter the pages itself.
 */
export const sessionQueryParamsSchema = v.strictObject({
  subjectId: v.optional(idValue),
  sessionId: v.optional(idValue),
  displayName: v.optional(idValue),
  clientId: v.optional(idValue),
  match: v.optional(
    v.picklist(matchModes, 'must be contains or exact'),
    'contains',
  ),
  resultsToken: v.optional(resultsTokenValue),
  requestPriorResults: v.optional(booleanParam, 'false'),
  countRequested: v.optional(countParam, String(limits.defaultCount)),
});

export type SessionQueryParams = v.InferOutput<typeof sessionQueryParamsSchema>;

/** The query string of `GET {base}/removals`. */
export const removalQueryParamsSchema = v.strictObject({
  subjectId: v.optional(idValue),
  resultsToken: v.optional(resultsTokenValue),
  requestPriorResults: v.optional(booleanParam, 'false'),
  countRequested: v.optional(countParam, String(limits.defaultCount)),
});

export type RemovalQueryParams = v.InferOutput<typeof removalQueryParamsSchema>;

/**
 * One page of a paged query. `resultsToken` is opaque: pass it back
 * unchanged to get the next page, or with `requestPriorResults` the one
 * before. The three counts are null when the host cannot count (Duende's
 * newer stores never report `currentPage`).
 */
export function queryResultSchema<
  Item extends v.GenericSchema<unknown, unknown>,
>(item: Item) {
  return v.object({
    resultsToken: v.nullable(v.string()),
    hasPrevResults: v.boolean(),
    hasNextResults: v.boolean(),
    totalCount: v.nullable(count),
    totalPages: v.nullable(count),
    currentPage: v.nullable(v.pipe(count, v.minValue(1))),
    results: v.array(item),
  });
}

export interface QueryResultJson<Item> {
  resultsToken: string | null;
  hasPrevResults: boolean;
  hasNextResults: boolean;
  totalCount: number | null;
  totalPages: number | null;
  currentPage: number | null;
  results: Item[];
}
