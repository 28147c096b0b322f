// Chrome's event objects have a `dispatch` method that calls every
// listener added to them, as the browser does when the event happens.
// It is not part of the documented API, and the published types leave it
// out; the tests use it where Chrome's own UI cannot be driven headless.
declare namespace chrome.events {
  // The parameter list must match the published declaration to merge.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Event<T extends (...args: any) => void> {
    dispatch(...args: Parameters<T>): void;
  }
}
