/**
 * A browser as far as an IdP can tell: a cookie jar, a user agent, and
 * redirects followed one hop at a time so a test sees every page and can
 * stop before leaving the IdP.
 */

interface StoredCookie {
  name: string;
  value: string;
  origin: string;
  path: string;
  expires: number | undefined;
}

/** One page the browser ended on, or the address it was sent away to. */
export interface Visit {
  /** The address of the last response read. */
  url: string;
  response: Response;
  /** The body of a page that was shown; empty for a redirect. */
  body: string;
  /** Where a redirect pointed, when the browser stopped before following. */
  leftTo: string | undefined;
}

const chromeLike =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/140.0.0.0 Safari/537.36';

/** How many redirects in a row before the browser gives up, as Chrome does. */
const maxRedirects = 20;

export class Browser {
  /** Sent as `User-Agent`; the IdP records it on the session. */
  userAgent: string;

  readonly #cookies = new Map<string, StoredCookie>();

  constructor(options: { userAgent?: string } = {}) {
    this.userAgent = options.userAgent ?? chromeLike;
  }

  /** One request with this browser's cookies; redirects are not followed. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    headers.set('user-agent', this.userAgent);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set('cookie', cookie);

    const response = await fetch(target, {
      ...init,
      headers,
      redirect: 'manual',
    });
    this.#store(target, response.headers.getSetCookie());
    return response;
  }

  /**
   * Loads `url` and follows redirects while they stay on `origin`. A
   * redirect anywhere else (a client's redirect URI) is not followed: its
   * address comes back as `leftTo`.
   */
  async visit(
    url: string,
    origin: string,
    init: RequestInit = {},
  ): Promise<Visit> {
    let current = url;
    let response = await this.request(current, init);

    for (let hop = 0; isRedirect(response.status); hop++) {
      const location = response.headers.get('location');
      if (!location || hop >= maxRedirects) {
        throw new Error(`redirect without a usable Location from ${current}`);
      }
      await response.body?.cancel();

      const next = new URL(location, current).href;
      if (new URL(next).origin !== origin) {
        return { url: current, response, body: '', leftTo: next };
      }
      current = next;
      response = await this.request(current);
    }

    return {
      url: current,
      response,
      body: await response.text(),
      leftTo: undefined,
    };
  }

  /** Submits a form the way a browser does, from a page on `origin`. */
  submit(
    action: string,
    origin: string,
    fields: Record<string, string>,
  ): Promise<Visit> {
    return this.visit(new URL(action, origin).href, origin, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin,
      },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** The value of a cookie this browser would send to `url`. */
  cookie(url: string, name: string): string | undefined {
    return this.#matching(new URL(url)).find((c) => c.name === name)?.value;
  }

  /** Forgets every cookie, as a new private window would. */
  clearCookies(): void {
    this.#cookies.clear();
  }

  cookieHeader(url: URL): string {
    return this.#matching(url)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  #matching(url: URL): StoredCookie[] {
    const now = Date.now();
    return [...this.#cookies.values()]
      .filter(
        (cookie) =>
          cookie.origin === url.origin &&
          pathMatches(url.pathname, cookie.path) &&
          (cookie.expires === undefined || cookie.expires > now),
      )
      .sort((a, b) => b.path.length - a.path.length);
  }

  #store(url: URL, headers: string[]): void {
    for (const header of headers) {
      const cookie = parseSetCookie(url, header);
      if (!cookie) continue;

      const key = `${cookie.origin} ${cookie.path} ${cookie.name}`;
      const expired =
        cookie.expires !== undefined && cookie.expires <= Date.now();
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

// Host-only cookies are all an IdP on 127.0.0.1 sets, so Domain is ignored
// and every cookie belongs to the origin that set it.
function parseSetCookie(url: URL, header: string): StoredCookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return undefined;

  const cookie: StoredCookie = {
    name: pair.slice(0, equals).trim(),
    value: pair.slice(equals + 1).trim(),
    origin: url.origin,
    path: defaultPath(url),
    expires: undefined,
  };
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=').map((s) => s.trim());
    const name = key.toLowerCase();
    if (name === 'path' && value.startsWith('/')) cookie.path = value;
    if (name === 'expires') cookie.expires ??= Date.parse(value);
    if (name === 'max-age') cookie.expires = Date.now() + Number(value) * 1000;
  }
  return cookie;
}

function defaultPath(url: URL): string {
  const last = url.pathname.lastIndexOf('/');
  return last <= 0 ? '/' : url.pathname.slice(0, last);
}
