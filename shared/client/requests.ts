import * as v from 'valibot';

import {
  removalQueryParamsSchema,
  sessionQueryParamsSchema,
  type FieldError,
} from '../contract/index.ts';
import { InvalidInputError } from './errors.ts';
import type { RemovalQuery, SessionQuery } from './model.ts';

/**
 * Turns what a caller asks for into what goes on the wire, checked against
 * the same contract schemas the server parses with, so a request the
 * server would refuse is refused here, with the same field names, before
 * anything is sent.
 */

/** A query string, with every default written out and keys sorted. */
export type QueryParams = Readonly<Record<string, string>>;

type Query = SessionQuery | RemovalQuery;

function toText(query: Query): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    text[name] = String(value);
  }
  return text;
}

export function fieldErrors(
  issues: readonly v.BaseIssue<unknown>[],
): FieldError[] {
  return issues.map((issue) => ({
    field: v.getDotPath(issue) ?? '(body)',
    // A strict object's own wording for an unknown key reads "Invalid key:
    // Expected never"; the contract's messages read after the field name.
    message:
      issue.expected === 'never' ? 'is not a known field' : issue.message,
  }));
}

/**
 * The wire form of `query`: the parameters the server would see, with its
 * defaults written in, so two queries that mean the same page give the same
 * parameters. The server's defaults are left off the query string itself
 * by `toSearchParams`.
 */
function canonical(
  schema: typeof sessionQueryParamsSchema | typeof removalQueryParamsSchema,
  what: string,
  query: Query,
): QueryParams {
  const text = toText(query);
  const result = v.safeParse(schema, text);
  if (!result.success) {
    throw new InvalidInputError(what, fieldErrors(result.issues));
  }

  const params: Record<string, string> = {};
  const entries = Object.entries(result.output);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of entries) {
    if (value !== undefined) {
      params[name] = String(value);
    }
  }
  return params;
}

export function sessionQueryParams(query: SessionQuery): QueryParams {
  return canonical(sessionQueryParamsSchema, 'The session query', query);
}

export function removalQueryParams(query: RemovalQuery): QueryParams {
  return canonical(removalQueryParamsSchema, 'The removal query', query);
}

const serverDefaults: QueryParams = {
  match: 'contains',
  requestPriorResults: 'false',
};

/**
 * The query string to send: the canonical parameters without those equal
 * to a default the server applies anyway, so URLs stay short and readable
 * in logs. The page size is always sent: its default may differ by host.
 */
export function toSearchParams(params: QueryParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (serverDefaults[name] !== value) {
      search.set(name, value);
    }
  }
  return search;
}
