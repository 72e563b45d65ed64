/** byKey(["a", "b"], make) is {a: make("a"), b: make("b")}: one value per model, typed by its key. */
export function byKey<K extends string, T>(keys: readonly K[], make: (key: K) => T): Record<K, T> {
  return Object.fromEntries(keys.map((key) => [key, make(key)])) as Record<K, T>;
}
