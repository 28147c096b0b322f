/**
 * What the element's sources import from `@lit/localize`, for the
 * element's bundle only. The package's main module also re-exports its
 * runtime, whose top-level code keeps it in whatever chunk imports the
 * main module, that is in the element's core. The element needs the
 * runtime only for a language other than English (`i18n/runtime.ts`
 * imports it from its own path, as a chunk of its own), so the bundle
 * takes the pieces it uses from their modules instead. The browser tests
 * of the built bundle switch it to German and back.
 */
export { msg } from '@lit/localize/init/install.js';
export { str } from '@lit/localize/internal/str-tag.js';
// Its one export is updateWhenLocaleChanges.
export * from '@lit/localize/internal/localized-controller.js';
