import * as v from 'valibot';

import { limits } from './limits.ts';

/**
 * Field schemas used by more than one message. Query strings carry only
 * text, so the parameters that mean numbers or booleans are parsed here from
 * their one accepted spelling instead of being coerced loosely.
 */

export const idValue = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.idLength, `must be at most ${limits.idLength} characters`),
);

export const resultsTokenValue = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(
    limits.resultsTokenLength,
    `must be at most ${limits.resultsTokenLength} characters`,
  ),
);

export const booleanParam = v.pipe(
  v.picklist(['true', 'false'], 'must be true or false'),
  v.transform((text) => text === 'true'),
);

export const countParam = v.pipe(
  v.string(),
  v.regex(/^[0-9]{1,4}$/, 'must be a whole number'),
  v.transform(Number),
  v.minValue(
    limits.minCount,
    `must be between ${limits.minCount} and ${limits.maxCount}`,
  ),
  v.maxValue(
    limits.maxCount,
    `must be between ${limits.minCount} and ${limits.maxCount}`,
  ),
);

export const timestamp = v.pipe(
  v.string(),
  v.isoTimestamp('must be an ISO 8601 time'),
);

export const count = v.pipe(v.number(), v.integer(), v.minValue(0));
