import { randomBytes } from 'node:crypto';

/**
 * Server-rendered HTML for the IdP's own pages. Every value goes through the
 * `html` tag, which escapes it unless it is already markup made by the tag:
 * user data can never become markup by accident.
 */

/** Markup that is safe to insert as is. Only `html` and `trusted` make it. */
export class SafeHtml {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/**
 * A template tag that escapes every interpolated value. Arrays are joined,
 * and null, undefined and false render as nothing, so conditionals read
 * naturally.
 */
export function html(
  strings: TemplateStringsArray,
  ...values: unknown[]
): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += fragment(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Marks markup from a trusted source, such as the logout form oidc-provider
 * builds, as safe. Never pass it anything that holds user input.
 */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function fragment(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** A whole page and the headers that must travel with it. */
export interface RenderedPage {
  readonly body: string;
  readonly headers: Record<string, string>;
}

const stylesheet = `
body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;
background:#f4f4f4}
main{max-width:28rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;
border:1px solid #d0d0d0;border-radius:.5rem}
h1{font-size:1.5rem;margin-top:0}
label{display:block;margin-top:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;font:inherit;
padding:.5rem;border:1px solid #6b6b6b;border-radius:.25rem}
button,.button{display:inline-block;margin-top:1.5rem;margin-right:.75rem;
font:inherit;padding:.5rem 1rem;border-radius:.25rem;cursor:pointer;
border:1px solid #0b57d0;background:#0b57d0;color:#fff;text-decoration:none}
.secondary{background:#fff;color:#0b57d0}
:focus-visible{outline:3px solid #f9a825;outline-offset:2px}
.error{color:#b3261e;border-left:4px solid #b3261e;padding-left:.75rem}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left}
`;

/**
 * Wraps a page's main content in a document with one stylesheet. The style
 * element carries a fresh nonce and the Content-Security-Policy allows only
 * that: no scripts, no other styles, no framing.
 */
export function renderPage(title: string, main: SafeHtml): RenderedPage {
  const nonce = randomBytes(16).toString('base64');
  const body = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style nonce="${nonce}">
          ${trusted(stylesheet)}
        </style>
      </head>
      <body>
        <main>${main}</main>
      </body>
    </html> `;

  return {
    body: body.toString(),
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy':
        `default-src 'none'; style-src 'nonce-${nonce}'; ` +
        "base-uri 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      // With no-referrer, Chromium sends `Origin: null` with the login and
      // consent forms, and the same-origin check on them would refuse a
      // real person; same-origin keeps the origin on our own forms and
      // still tells other sites nothing.
      'referrer-policy': 'same-origin',
    },
  };
}

/** A page that explains a problem in words and offers no way to go on. */
export function errorPage(title: string, message: string): RenderedPage {
  return renderPage(
    title,
    html`<h1>${title}</h1>
      <p role="alert">${message}</p>`,
  );
}
