import * as v from 'valibot';

import {
  ownSessionListSchema,
  queryResultSchema,
  sessionDetailsSchema,
  timestamp,
  userSessionSchema,
  type QueryResultJson,
} from '../contract/index.ts';
import type {
  OwnSession,
  QueryResult,
  ResultsToken,
  SessionDetails,
  UserSession,
} from './model.ts';

/**
 * Response schemas: the contract's, with each time turned into a `Date`.
 * The contract's entries are reused and only the time fields replaced, so
 * a field added to the contract is checked here without a change.
 */

export const time = v.pipe(
  timestamp,
  v.check(
    (text) => !Number.isNaN(Date.parse(text)),
    'must be a time a browser can read',
  ),
  v.transform((text) => new Date(text)),
);

const details = v.object({
  ...sessionDetailsSchema.entries,
  authTime: v.optional(time),
});

const session = v.object({
  ...userSessionSchema.entries,
  created: time,
  renewed: time,
  expires: v.nullable(time),
  details: v.optional(details),
});

type SessionOutput = v.InferOutput<typeof session>;

function toDetails(json: SessionOutput['details']): SessionDetails {
  return {
    identityProvider: json?.identityProvider ?? null,
    authenticationMethods: json?.authenticationMethods ?? null,
    authTime: json?.authTime ?? null,
    userAgent: json?.userAgent ?? null,
    ipAddress: json?.ipAddress ?? null,
    properties: json?.properties ?? {},
  };
}

function toSession(json: SessionOutput): UserSession {
  return {
    subjectId: json.subjectId,
    sessionId: json.sessionId,
    displayName: json.displayName,
    created: json.created,
    renewed: json.renewed,
    expires: json.expires,
    issuer: json.issuer,
    clientIds: json.clientIds,
    clients: json.clients ?? null,
    details: toDetails(json.details),
  };
}

export const userSessionParser = v.pipe(session, v.transform(toSession));

export const ownSessionListParser = v.pipe(
  v.object({
    ...ownSessionListSchema.entries,
    results: v.array(v.object({ ...session.entries, current: v.boolean() })),
  }),
  v.transform(({ results }): readonly OwnSession[] =>
    results.map((json) => ({ ...toSession(json), current: json.current })),
  ),
);

export function toPage<Json, Item>(
  json: QueryResultJson<Json>,
  map: (item: Json) => Item,
): QueryResult<Item> {
  return {
    resultsToken: json.resultsToken as ResultsToken | null,
    hasPrevResults: json.hasPrevResults,
    hasNextResults: json.hasNextResults,
    totalCount: json.totalCount,
    totalPages: json.totalPages,
    currentPage: json.currentPage,
    results: json.results.map(map),
  };
}

export const sessionPageParser = v.pipe(
  queryResultSchema(session),
  v.transform((json) => toPage(json, toSession)),
);

/** The part of discovery metadata the client reads. */
export const discoveryParser = v.object({
  issuer: v.string(),
  session_management_endpoint: v.pipe(
    v.string(),
    v.url('must be an absolute URL'),
  ),
});

/** Any response schema above, as the transport consumes it. */
export type ResponseParser<Output> = v.GenericSchema<unknown, Output>;
