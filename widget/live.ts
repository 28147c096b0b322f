/**
 * An object whose properties are read through the given functions each
 * time, so it always shows the current values of whoever made it.
 */
export function live<Getters extends Record<string, () => unknown>>(
  getters: Getters,
): { readonly [Key in keyof Getters]: ReturnType<Getters[Key]> } {
  const target = {};
  for (const [key, get] of Object.entries(getters)) {
    Object.defineProperty(target, key, { get, enumerable: true });
  }
  return target as {
    readonly [Key in keyof Getters]: ReturnType<Getters[Key]>;
  };
}
