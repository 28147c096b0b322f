import type { Configuration } from 'oidc-provider';

import { observeResponse } from './backchannel-context.ts';
import type { IdpOptions } from './options.ts';

/**
 * oidc-provider's outgoing requests. Logout deliveries get the configured
 * timeout instead of the library's 2.5 s; with `allowLoopbackBackchannel`,
 * deliveries to loopback addresses skip the library's SSRF guard, which
 * refuses them. Every other request keeps the guard.
 */
export function outgoingFetch(options: IdpOptions): Configuration['fetch'] {
  return async (url, init = {}) => {
    const request = init as RequestInit & { dispatcher?: unknown };
    const target = new URL(url instanceof Request ? url.url : url);
    const delivery = isLogoutDelivery(request);

    if (delivery) {
      request.signal = AbortSignal.timeout(options.backchannelTimeoutMs);
    }
    if (delivery && options.allowLoopbackBackchannel && isLoopback(target)) {
      delete request.dispatcher;
    }

    // A removal reports the status each delivery got; oidc-provider's own
    // result does not carry it.
    const response = await globalThis.fetch(url, request);
    observeResponse(response);
    return response;
  };
}

function isLogoutDelivery(request: RequestInit): boolean {
  return (
    request.method === 'POST' &&
    request.body instanceof URLSearchParams &&
    request.body.has('logout_token')
  );
}

function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
