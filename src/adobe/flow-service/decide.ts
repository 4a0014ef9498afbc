import type { ConnectionSummary } from './adobe/flow-service.js'
import type { IfExists } from './config.js'

export type Decision =
  | { action: 'create' }
  | { action: 'reuse'; connection: ConnectionSummary }
  | { action: 'update'; connection: ConnectionSummary }
  | { action: 'fail'; reason: 'exists' | 'ambiguous'; ids: string[] }

/**
 * What to do given the `if-exists` mode and the connections already named like ours. With no
 * match every mode creates; `create` always creates; several matches are ambiguous for the others.
 */
export function decide(mode: IfExists, matches: readonly ConnectionSummary[]): Decision {
  const [first] = matches
  if (mode === 'create' || first === undefined) return { action: 'create' }
  if (matches.length > 1) return { action: 'fail', reason: 'ambiguous', ids: matches.map((match) => match.id) }
  switch (mode) {
    case 'reuse':
      return { action: 'reuse', connection: first }
    case 'update':
      return { action: 'update', connection: first }
    case 'fail':
      return { action: 'fail', reason: 'exists', ids: [first.id] }
  }
}

export type Result = 'created' | 'reused' | 'updated'

export function resultOf(decision: Exclude<Decision, { action: 'fail' }>): Result {
  return ({ create: 'created', reuse: 'reused', update: 'updated' } as const)[decision.action]
}
