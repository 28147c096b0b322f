import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * oidc-provider's `client.backchannelLogout()` resolves with nothing, so a
 * caller cannot tell which status the receiver answered. The removal runs
 * each delivery inside `deliveryContext`, and the provider's outgoing
 * `fetch` writes the status it saw into the record, so the report can name
 * it.
 */
export interface DeliveryRecord {
  httpStatus: number | null;
}

export const deliveryContext = new AsyncLocalStorage<DeliveryRecord>();

/** Called by the provider's `fetch` with every response it receives. */
export function observeResponse(response: Response): void {
  const record = deliveryContext.getStore();
  if (record) {
    record.httpStatus = response.status;
  }
}
