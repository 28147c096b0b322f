import type { SessionQueryParams } from '../../shared/contract/index.ts';

/**
 * The SQL of a session query: which index leads, which filters follow,
 * how the matches are counted, and the filter's normal form that scopes
 * its paging tokens. Pure functions of the query; the store runs them.
 */

/**
 * A contains filter counts at most this many matches. Beyond it the three
 * counts are null (the contract allows it), because an exact count of a
 * common substring means reading every matching session on every page.
 * Queries without a contains filter are counted from indexes, always.
 */
export const containsCountLimit = 10_000;

/** The most trigrams a search asks the index for; LIKE checks the rest. */
const maxTrigrams = 12;

type Field = 'subjectId' | 'sessionId' | 'displayName';

const fields: readonly Field[] = ['subjectId', 'sessionId', 'displayName'];

const columnOf: Record<Field, string> = {
  subjectId: 'subject_id',
  sessionId: 'session_id',
  displayName: 'display_name',
};

/** Fields the trigram index `sessions_search` covers. */
const searchable: ReadonlySet<Field> = new Set(['subjectId', 'displayName']);

export interface Plan {
  /** Names the statements' shape, for the statement cache. */
  shape: string;
  params: Record<string, unknown>;
  sql: { from: string; key: string; where: string; count: string };
  capped: boolean;
}

/**
 * The SQL for one query. Exact filters compare whole values through the
 * indexes. Contains filters are LIKE patterns with every wildcard escaped,
 * so input is literal and ASCII letters match in either case; those of
 * three or more characters on subject or display name first ask the
 * trigram index for candidates, which LIKE then confirms, so the index
 * only has to be a superset and its own case folding cannot leak through.
 * Any other contains filter (a session id fragment, or under three
 * characters) reads the table in key order until the page is full: quick
 * for a common fragment, a whole-table scan for a rare one (about half a
 * second at a million sessions). A client filter narrows that walk to the
 * client's own sessions. `clientIsRare` says whether the client has few
 * enough sessions to lead a trigram search too.
 */
export function planQuery(
  params: SessionQueryParams,
  context: { now: number; clientIsRare: boolean },
): Plan {
  const { now } = context;
  const exact = params.match === 'exact';
  const values = fields.flatMap((field) => {
    const value = params[field];
    return value === undefined ? [] : [{ field, value }];
  });
  const search: string[] = [];
  // Whether some contains filter is one the trigram index cannot narrow.
  let unsearched = false;
  const filters: string[] = [];
  const sqlParams: Record<string, unknown> = { now };
  const shape: string[] = [params.match];

  for (const { field, value } of values) {
    const column = `s.${columnOf[field]}`;
    if (exact) {
      filters.push(`${column} = @${field}`);
      sqlParams[field] = value;
      shape.push(field);
      continue;
    }

    filters.push(`${column} LIKE @${field} ESCAPE '\\'`);
    sqlParams[field] = `%${value.replace(/[\\%_]/g, '\\$&')}%`;
    const grams = searchable.has(field) ? trigrams(value) : null;
    if (grams) {
      search.push(`${columnOf[field]} : (${grams.join(' AND ')})`);
    } else {
      unsearched = true;
    }
    shape.push(grams ? `${field}~` : field);
  }

  // A client filter is a lookup in `session_clients` per candidate when
  // an exact filter already picks few candidates. Otherwise the client's
  // rows lead, in key order, so a rare client is never found by walking
  // every session; a trigram search leads instead only for a client with
  // many sessions, since its candidates may then be the fewer.
  const clientId = params.clientId;
  const clientLeads =
    clientId !== undefined &&
    !(exact && values.length > 0) &&
    (search.length === 0 || context.clientIsRare);
  if (clientId !== undefined) {
    sqlParams.clientId = clientId;
    shape.push(clientLeads ? 'client>' : 'client');
  }
  if (clientId !== undefined && !clientLeads) {
    filters.push(
      'EXISTS (SELECT 1 FROM session_clients sc' +
        ' WHERE sc.client_id = @clientId AND sc.session_key = s.key)',
    );
  }

  // LIKE decides every contains filter; the trigram index only narrows.
  const viaSearch = search.length > 0 && !clientLeads;
  if (viaSearch) sqlParams.search = search.join(' AND ');

  // The unary + keeps the planner off the subject index for this test, so
  // pages and scans walk the table in key order: through that index they
  // would read the table in random order, or sort all of it. CROSS JOIN
  // is SQLite's way of fixing the order of a join: the client's rows
  // first, then each of their sessions.
  const live = '(s.expires IS NULL OR s.expires > @now)';
  const from = viaSearch
    ? 'sessions_search JOIN sessions s ON s.key = sessions_search.rowid'
    : clientLeads
      ? 'session_clients sc CROSS JOIN sessions s ON s.key = sc.session_key'
      : 'sessions s';
  const lead = viaSearch
    ? 'sessions_search MATCH @search AND '
    : clientLeads
      ? 'sc.client_id = @clientId AND '
      : '';
  const where =
    lead +
    `+s.subject_id IS NOT NULL AND ${live}` +
    filters.map((filter) => ` AND ${filter}`).join('');
  const capped = !exact && values.length > 0;

  return {
    shape: shape.join(' '),
    params: sqlParams,
    capped,
    sql: {
      from,
      key: viaSearch
        ? 'sessions_search.rowid'
        : clientLeads
          ? 'sc.session_key'
          : 's.key',
      where,
      count: countSql({
        from,
        where,
        capped,
        values,
        clientId,
        indexBounds: viaSearch && !unsearched && clientId === undefined,
      }),
    },
  };
}

/**
 * How a query counts its matches. Without filters, or with a client
 * alone, the count is a figure kept by triggers (see the `session_count`
 * and `session_client_count` migrations) less the expired rows not yet
 * swept, an index range, so no page reads the table. The subject-less
 * rows that the unfiltered figure includes are an index range too; the
 * client figure has none, since `session_clients` leaves them out.
 */
function countSql(query: {
  from: string;
  where: string;
  capped: boolean;
  values: readonly unknown[];
  clientId: string | undefined;
  /** Whether the trigram index's candidates bound the matches closely. */
  indexBounds: boolean;
}): string {
  const { from, where, capped, values, clientId, indexBounds } = query;
  if (values.length === 0 && clientId === undefined) {
    return (
      'SELECT (SELECT rows FROM session_count)' +
      ' - (SELECT count(*) FROM sessions WHERE subject_id IS NULL)' +
      ' - (SELECT count(*) FROM sessions' +
      ' WHERE expires <= @now AND subject_id IS NOT NULL)'
    );
  }
  if (values.length === 0) {
    return (
      'SELECT coalesce((SELECT rows FROM session_client_count' +
      ' WHERE client_id = @clientId), 0)' +
      ' - (SELECT count(*) FROM sessions s CROSS JOIN session_clients sc' +
      ' WHERE s.expires <= @now AND sc.client_id = @clientId' +
      ' AND sc.session_key = s.key)'
    );
  }
  // A broad substring has more candidates in the trigram index than the
  // cap, and confirming the cap's worth of them one by one against their
  // rows is most of what its first page costs: 18 ms of 20 for 'smith' at
  // a million sessions, where counting the index's candidates alone takes
  // 5. So when the index narrows every filter, its candidates are counted
  // first, and more of them than the cap leaves the query uncounted. The
  // candidates include expired sessions and the few the trigrams match
  // but LIKE does not, so a query with a little under the cap's matches
  // may go uncounted too; one with more never is counted.
  if (capped && indexBounds) {
    return (
      'SELECT CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM' +
      ' sessions_search WHERE sessions_search MATCH @search LIMIT @cap))' +
      ` >= @cap THEN @cap ELSE (SELECT count(*) FROM (SELECT 1 FROM ${from}` +
      ` WHERE ${where} LIMIT @cap)) END`
    );
  }
  if (capped) {
    return (
      `SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${where}` +
      ' LIMIT @cap)'
    );
  }
  return `SELECT count(*) FROM ${from} WHERE ${where}`;
}

/**
 * The trigrams of `value` as quoted FTS5 strings, spread evenly over it
 * when there are many, or null when the index cannot help: fewer than
 * three characters, or control characters the query syntax cannot carry.
 */
function trigrams(value: string): string[] | null {
  const characters = Array.from(value.toLowerCase());
  const control = characters.some((character) => character < ' ');
  if (characters.length < 3 || control) return null;

  const all = new Set<string>();
  for (let index = 0; index + 3 <= characters.length; index++) {
    all.add(characters.slice(index, index + 3).join(''));
  }
  const distinct = [...all];
  const step = Math.max(1, (distinct.length - 1) / (maxTrigrams - 1));
  const chosen = new Set<string>();
  for (let index = 0; index < distinct.length; index += step) {
    chosen.add(distinct[Math.round(index)] as string);
  }
  chosen.add(distinct.at(-1) as string);
  return [...chosen].map((gram) => `"${gram.replaceAll('"', '""')}"`);
}

/**
 * The filter as it decides the results: contains matching ignores ASCII
 * case, so its values are lowered; without those filters the mode is
 * moot. The client, always exact, is added only when given, so the
 * tokens of queries without one keep the scope they had before the
 * client filter existed.
 */
export function normalisedFilter(
  params: SessionQueryParams,
): (string | null)[] {
  const present = fields.some((field) => params[field] !== undefined);
  const lower = params.match === 'contains';
  return [
    present ? params.match : null,
    ...fields.map((field) => {
      const value = params[field];
      if (value === undefined) return null;
      return lower ? value.replace(/[A-Z]/g, (c) => c.toLowerCase()) : value;
    }),
    ...(params.clientId === undefined ? [] : [`client:${params.clientId}`]),
  ];
}
