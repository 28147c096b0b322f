import type { Idp } from '../../idp/server.ts';
import { extensionOrigin } from './support.ts';

/**
 * Works around one gap in the reference IdP so the extension can be tested
 * against it unchanged.
 *
 * oidc-provider checks the `Origin` of token and revocation requests
 * against the client's CORS policy, and the IdP allows a public client
 * only the origins of its redirect URIs. The extension's redirect is on
 * `https://<id>.chromiumapp.org`, but its requests come from
 * `chrome-extension://<id>`, so the token endpoint answers
 * `invalid_request: origin ... not allowed`. The fix belongs in the IdP's
 * `clientBasedCORS` (allow the extension origin for the extension client).
 * Until then this drops that one origin from those requests before
 * oidc-provider looks at it; the extension needs no CORS headers there,
 * because it holds a host permission for the IdP's origin.
 */
export function acceptExtensionOrigin(idp: Idp): void {
  idp.provider.use(async (ctx, next) => {
    const toTokenEndpoints = ctx.path.startsWith('/token');
    if (toTokenEndpoints && ctx.get('origin') === extensionOrigin) {
      delete ctx.req.headers.origin;
    }
    await next();
  });
}
