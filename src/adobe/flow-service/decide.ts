/** What to do when resources of our name may exist already (the `if-exists` input). */
export type IfExists = 'reuse' | 'update' | 'fail' | 'create'

export type Decision<R> =
  | { action: 'create' }
  | { action: 'reuse'; existing: R }
  | { action: 'update'; existing: R }
  | { action: 'fail'; reason: 'exists' | 'ambiguous'; ids: string[] }

/**
 * What to do given the mode and the resources already named like ours. With no match every mode
 * creates; `create` always creates; several matches are ambiguous for the others.
 */
export function decide<R extends { id: string }>(mode: IfExists, matches: readonly R[]): Decision<R> {
  const [first] = matches
  if (mode === 'create' || first === undefined) return { action: 'create' }
  if (matches.length > 1) return { action: 'fail', reason: 'ambiguous', ids: matches.map((match) => match.id) }
  switch (mode) {
    case 'reuse':
      return { action: 'reuse', existing: first }
    case 'update':
      return { action: 'update', existing: first }
    case 'fail':
      return { action: 'fail', reason: 'exists', ids: [first.id] }
  }
}

export type Result = 'created' | 'reused' | 'updated'

export function resultOf(decision: Exclude<Decision<unknown>, { action: 'fail' }>): Result {
  return ({ create: 'created', reuse: 'reused', update: 'updated' } as const)[decision.action]
}
