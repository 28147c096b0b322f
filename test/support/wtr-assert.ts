/**
 * The assertions the browser tests need, small enough to read at once:
 * the project installs no assertion library for the browser, and these
 * print what was expected and what came, which is all a failure needs.
 */

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

function show(value: unknown): string {
  if (value instanceof Date) {
    return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function ok(
  value: unknown,
  message = 'expected a truthy value',
): asserts value {
  if (!value) {
    throw new AssertionError(`${message} (got ${show(value)})`);
  }
}

export function equal<T>(actual: T, expected: T, message = ''): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(
      `${message ? `${message}: ` : ''}expected ${show(expected)}, ` +
        `got ${show(actual)}`,
    );
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) {
    return true;
  }
  if (a instanceof Date && b instanceof Date) {
    return a.getTime() === b.getTime();
  }
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }

  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) =>
      same(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
      ),
    )
  );
}

export function deepEqual<T>(actual: T, expected: T, message = ''): void {
  if (!same(actual, expected)) {
    throw new AssertionError(
      `${message ? `${message}: ` : ''}expected ${show(expected)}, ` +
        `got ${show(actual)}`,
    );
  }
}

export function match(text: string, pattern: RegExp, message = ''): void {
  if (!pattern.test(text)) {
    throw new AssertionError(
      `${message ? `${message}: ` : ''}expected ${show(text)} to match ` +
        `${pattern}`,
    );
  }
}

/**
 * Awaits `promise`, which must reject with a value `guard` accepts, and
 * returns that value for further checks.
 */
export async function rejects<E>(
  promise: Promise<unknown>,
  guard: (value: unknown) => value is E,
  message = 'expected a rejection',
): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (guard(error)) {
      return error;
    }
    throw new AssertionError(
      `${message}: the rejection was not the expected kind: ` +
        (error instanceof Error
          ? `${error.name}: ${error.message}`
          : show(error)),
    );
  }
  throw new AssertionError(`${message}, but it resolved with ${show(value)}`);
}
