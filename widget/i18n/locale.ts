import { sourceLocale, targetLocales } from '../locales/locale-codes.ts';
import type { Runtime } from './runtime.ts';

/**
 * Which language the element's strings are in. @lit/localize keeps one
 * active locale per copy of the library, that is per page for the bundled
 * element: every `<session-manager>` of a page shows its strings in the
 * language most recently asked for, while each formats dates and numbers
 * in its own `lang`. A page that mixes languages should give them the same
 * one, or use one element per page.
 */

/** Undefined until a language other than English is first asked for. */
let runtime: Runtime | null | undefined;

async function configured(): Promise<Runtime | null> {
  if (runtime === undefined) {
    const { configure } = await import('./runtime.ts');
    runtime ??= configure();
  }
  return runtime;
}

/**
 * The translation that fits a BCP 47 language tag best: the tag itself,
 * then its language alone (`de-CH` uses `de`), then English.
 */
export function localeFor(lang: string): string {
  const known = [sourceLocale, ...targetLocales];
  const tag = lang.trim().replace(/_/g, '-').toLowerCase();
  const exact = known.find((locale) => locale.toLowerCase() === tag);
  const base = known.find((locale) => locale === tag.split('-')[0]);
  return exact ?? base ?? sourceLocale;
}

/**
 * Switches the strings to the translation that fits `lang`. Resolves when
 * they are ready; elements marked `@localized()` render again by
 * themselves. A translation that fails to load leaves the strings as they
 * were.
 */
export async function useLanguage(lang: string): Promise<void> {
  const locale = localeFor(lang);
  // English with nothing switched yet: the sources' strings are showing.
  if (runtime === undefined && locale === sourceLocale) {
    return;
  }

  try {
    const active = await configured();
    if (active && active.getLocale() !== locale) {
      await active.setLocale(locale);
    }
  } catch {
    // A translation that cannot load (offline, a missing chunk) is not a
    // reason to stop: the English strings stay.
  }
}

/** The locale the strings are in now. */
export function activeLocale(): string {
  return runtime?.getLocale() ?? sourceLocale;
}
