/**
 * A value built the first time it is asked for: the answer schemas of the clients are built when a
 * first answer is decoded, not at import, so a step that fails on its inputs starts no faster for
 * schemas it never uses.
 */
export function lazily<T>(build: () => T): () => T {
  let built: T | undefined
  return () => (built ??= build())
}
