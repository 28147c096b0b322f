import { matchModes, type MatchMode } from '../../shared/index.ts';
import { fields } from './search.ts';
import { emptySearch, type Search, type SearchField } from './sessions-view.ts';

/**
 * The admin search in the page's address, when `url-state` is on, so a
 * support link opens the same view. Parameters the element does not own
 * are left as they are.
 */

/** Query parameters of the page address, when `url-state` is on. */
const params = {
  text: 'sm-q',
  field: 'sm-in',
  match: 'sm-match',
  client: 'sm-client',
} as const;

export function searchFromUrl(href: string): Search {
  const query = new URL(href).searchParams;
  const field = query.get(params.field) as SearchField | null;
  const match = query.get(params.match) as MatchMode | null;
  return {
    text: query.get(params.text) ?? '',
    field: field && fields.includes(field) ? field : emptySearch.field,
    match: match && matchModes.includes(match) ? match : emptySearch.match,
    client: query.get(params.client) || null,
  };
}

/** The page address with `search` in it, other parameters kept. */
export function urlWithSearch(href: string, search: Search): string {
  const url = new URL(href);
  const values: Record<keyof typeof params, string | null> = {
    text: search.text.trim() || null,
    field: search.field === emptySearch.field ? null : search.field,
    match: search.match === emptySearch.match ? null : search.match,
    client: search.client,
  };
  for (const [key, name] of Object.entries(params)) {
    const value = values[key as keyof typeof params];
    if (value) {
      url.searchParams.set(name, value);
    } else {
      url.searchParams.delete(name);
    }
  }
  return url.href;
}
