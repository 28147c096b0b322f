/** Why an issuer URL was refused, as a message key of the locale files. */
export type IssuerProblem = 'issuerNotUrl' | 'issuerNotHttps';

/**
 * Checks an issuer typed on the options page. Plain HTTP is allowed only
 * on loopback, where a development IdP runs; anywhere else tokens would
 * cross the network in the clear.
 */
export function checkIssuer(text: string): URL | IssuerProblem {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'issuerNotUrl';
  }

  if (url.protocol === 'https:') {
    return url;
  }
  if (url.protocol === 'http:' && isLoopback(url.hostname)) {
    return url;
  }
  return url.protocol === 'http:' ? 'issuerNotHttps' : 'issuerNotUrl';
}

export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** The one host permission the extension asks for: the IdP's origin. */
export function originPattern(issuer: string | URL): string {
  return `${new URL(issuer).origin}/*`;
}
