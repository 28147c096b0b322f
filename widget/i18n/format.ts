import { activeLocale } from './locale.ts';

/**
 * Dates, times and numbers in the element's language through `Intl`. One
 * instance per language and time zone (see `formatsFor`); the formatters
 * are built once.
 */
export class Formats {
  readonly lang: string;
  readonly timeZone: string | undefined;

  readonly #relative: Intl.RelativeTimeFormat;
  readonly #number: Intl.NumberFormat;

  // Made when first asked for: only a hover, a detail or an export shows
  // an exact time, and this is the slowest of the three to build.
  #exact: Intl.DateTimeFormat | undefined;

  // A page of sessions says "2 hours ago" many times over, and every row
  // is drawn again on each update: each phrase is formatted once.
  readonly #relativeTexts = new Map<string, string>();

  constructor(lang: string, timeZone: string | undefined) {
    this.lang = supported(lang);
    this.timeZone = timeZone && validZone(timeZone) ? timeZone : undefined;
    this.#relative = new Intl.RelativeTimeFormat(this.lang, {
      numeric: 'auto',
    });
    this.#number = new Intl.NumberFormat(this.lang);
  }

  /** "3 minutes ago", "in 2 days": how far `date` is from now. */
  relative(date: Date, now = Date.now()): string {
    const seconds = (date.getTime() - now) / 1000;
    const [value, unit] = nearestUnit(seconds);
    const key = `${value} ${unit}`;
    let text = this.#relativeTexts.get(key);
    if (text === undefined) {
      if (this.#relativeTexts.size >= textsKept) {
        this.#relativeTexts.clear();
      }
      text = this.#relative.format(value, unit);
      this.#relativeTexts.set(key, text);
    }
    return text;
  }

  /** The full date and time, with the time zone named. */
  exact(date: Date): string {
    this.#exact ??= new Intl.DateTimeFormat(this.lang, {
      dateStyle: 'medium',
      timeStyle: 'long',
      ...(this.timeZone ? { timeZone: this.timeZone } : {}),
    });
    return this.#exact.format(date);
  }

  number(value: number): string {
    return this.#number.format(value);
  }

  /**
   * Picks the phrase for `count`. Only the one/other distinction is made:
   * it is all English and German need, and a language with more plural
   * forms still reads correctly with "other".
   */
  plural(count: number, one: () => string, other: () => string): string {
    const rule = pluralRulesFor(activeLocale()).select(count);
    return rule === 'one' ? one() : other();
  }
}

// Building an Intl formatter takes about a millisecond, and each new
// element on a page needs the same few: profiling the first page from the
// cache found them among its largest costs. They are made once per page.
const madeFormats = new Map<string, Formats>();

/** Phrases kept per `Formats`; there are a few hundred in practice. */
const textsKept = 1000;
const madePluralRules = new Map<string, Intl.PluralRules>();

/** The page's one `Formats` for this language and time zone. */
export function formatsFor(
  lang: string,
  timeZone: string | undefined,
): Formats {
  const key = `${lang} ${timeZone ?? ''}`;
  let formats = madeFormats.get(key);
  if (!formats) {
    formats = new Formats(lang, timeZone);
    madeFormats.set(key, formats);
  }
  return formats;
}

function pluralRulesFor(locale: string): Intl.PluralRules {
  let rules = madePluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    madePluralRules.set(locale, rules);
  }
  return rules;
}

const units: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

function nearestUnit(seconds: number): [number, Intl.RelativeTimeFormatUnit] {
  let value = seconds;
  for (const [unit, size] of units) {
    if (Math.abs(value) < size || unit === 'year') {
      return [Math.round(value), unit];
    }
    value /= size;
  }
  return [Math.round(value), 'year'];
}

/** The language itself when `Intl` knows it, else English. */
function supported(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function validZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
