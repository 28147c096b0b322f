import type { LocaleModule } from '@lit/localize';
// Its own path, not the package's main module: see build/localize-lite.ts.
import { configureLocalization } from '@lit/localize/init/runtime.js';

import { sourceLocale, targetLocales } from '../locales/locale-codes.ts';

/**
 * @lit/localize's runtime, which only a page that asks for another
 * language than English needs: until then `msg` shows the English of the
 * sources by itself. It is a chunk of its own, and so is each translation,
 * so a page pays only for the language it shows.
 */

const loaders: Record<string, () => Promise<LocaleModule>> = {
  de: () => import('../locales/de.ts'),
};

export type Runtime = ReturnType<typeof configureLocalization>;

/**
 * Configures @lit/localize, or returns null when another part of the same
 * bundle configured it first: its locale then decides the strings, and
 * the element only formats.
 */
export function configure(): Runtime | null {
  try {
    return configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (locale) => {
        const load = loaders[locale];
        return load ? load() : Promise.reject(new RangeError(locale));
      },
    });
  } catch {
    return null;
  }
}
