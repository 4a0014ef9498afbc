import { ActionError } from '../../core/errors.js'

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

/** How messages name what was looked up: "HubSpot connection", "data flow". */
export interface Lookup {
  noun: string
  name: string
  sandboxName: string
}

/** "No HubSpot connection named "x" in sandbox prod." / "Found 2 data flows named …: a, b." */
export function describeMatches(lookup: Lookup, matches: readonly { id: string }[]): string {
  const where = `named ${JSON.stringify(lookup.name)} in sandbox ${lookup.sandboxName}`
  if (matches.length === 0) return `No ${lookup.noun} ${where}.`
  return `Found ${matches.length} ${lookup.noun}${matches.length === 1 ? '' : 's'} ${where}: ${matches.map((match) => match.id).join(', ')}.`
}

/** The error of a `fail` decision: one exists and if-exists is fail, or several are ambiguous. */
export function decisionFailure(
  decision: Extract<Decision<unknown>, { action: 'fail' }>,
  lookup: Lookup,
  hints: { exists: string; ambiguous: string },
): ActionError {
  const name = JSON.stringify(lookup.name)
  if (decision.reason === 'exists') {
    return new ActionError(
      `a ${lookup.noun} named ${name} already exists in sandbox ${lookup.sandboxName}: ${decision.ids.join(', ')}`,
      { kind: 'conflict', hint: hints.exists },
    )
  }
  return new ActionError(
    `${decision.ids.length} ${lookup.noun}s named ${name} exist in sandbox ${lookup.sandboxName}, so none can be chosen: ${decision.ids.join(', ')}`,
    { kind: 'conflict', hint: hints.ambiguous },
  )
}
