/**
 * JSON Patch for `PATCH /connections/{id}` (flow-service-notes §1.8): ops add/replace/remove
 * (case-insensitive) on `/name`, `/description`, `/auth/params` and `/auth/params/<key>`.
 * Applied to a copy; the caller stores the result only when every instruction succeeded.
 */
import { REQUIRED_AUTH_PARAMS } from './config.js'
import { FlowRequestError } from './errors.js'
import type { StoredConnection } from './types.js'

const PREFIX = 'An error has occurred while validating patch instructions: '
const PARAMS_PATH = '/auth/params'

function invalid(message: string): FlowRequestError {
  return new FlowRequestError('1455', PREFIX + message)
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

/** RFC 6901 unescaping of one JSON-pointer token. */
function pointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

function applyOne(draft: StoredConnection, instruction: unknown): void {
  if (instruction === null || typeof instruction !== 'object') throw invalid('each instruction must be an object.')
  const { op, path, value } = instruction as { op?: unknown; path?: unknown; value?: unknown }
  if (typeof op !== 'string') throw invalid('Missing field "op".')
  if (typeof path !== 'string') throw invalid('Missing field "path".')
  const kind = op.toLowerCase()
  if (kind !== 'add' && kind !== 'replace' && kind !== 'remove') {
    throw new FlowRequestError(
      '1434',
      `Unsupported operation '${op}' received. Please use one of the supported operation types and try again.`,
    )
  }
  if (path === '/connectionSpec' || path.startsWith('/connectionSpec/')) {
    throw new FlowRequestError('1414', 'The connection spec of a connection cannot be updated.')
  }
  const remove = kind === 'remove'

  if (path === '/name') {
    if (remove) throw invalid('Missing field "name".')
    if (typeof value !== 'string' || value === '') throw invalid('Invalid value for field "name".')
    draft.name = value
  } else if (path === '/description') {
    if (remove) delete draft.description
    else if (typeof value !== 'string') throw invalid('Invalid value for field "description".')
    else draft.description = value
  } else if (path === PARAMS_PATH) {
    if (remove) draft.auth.params = {}
    else if (!isStringRecord(value)) throw invalid('Invalid value for field "auth.params".')
    else draft.auth.params = { ...value }
  } else if (/^\/auth\/params\/[^/]+$/.test(path)) {
    const key = pointerToken(path.slice(PARAMS_PATH.length + 1))
    if (remove) {
      if (!Object.hasOwn(draft.auth.params, key)) throw invalid(`Missing field "${key}".`)
      delete draft.auth.params[key]
    } else if (typeof value !== 'string') {
      throw invalid(`Invalid value for field "${key}".`)
    } else {
      draft.auth.params[key] = value
    }
  } else {
    throw invalid(`Unsupported path "${path}".`)
  }
}

/** The patched copy, or throws a FlowRequestError (code + message) for the FLOW error body. */
export function applyPatch(current: StoredConnection, instructions: unknown): StoredConnection {
  if (!Array.isArray(instructions) || instructions.length === 0)
    throw invalid('a non-empty JSON Patch array is required.')
  const draft = structuredClone(current)
  for (const instruction of instructions) applyOne(draft, instruction)
  const missing = REQUIRED_AUTH_PARAMS.filter((k) => !draft.auth.params[k])
  if (missing.length > 0)
    throw invalid(`Missing required field(s) ${missing.map((k) => `auth.params.${k}`).join(', ')}.`)
  return draft
}
