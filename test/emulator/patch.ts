/**
 * JSON Patch for `PATCH /connections/{id}` (flow-service-notes §1.8): ops add/replace/remove on
 * `/name`, `/description`, `/auth/params` and `/auth/params/<key>`; `/connectionSpec` is
 * 1414-400. The result must still carry a name, string params and all four required params.
 */
import { REQUIRED_AUTH_PARAMS } from './config.js'
import { FlowRequestError } from './errors.js'
import { invalidPatch } from './json-patch.js'
import type { PatchSpec } from './resources.js'
import type { StoredConnection } from './types.js'

const RULES = {
  allowed: [/^\/name$/, /^\/description$/, /^\/auth\/params$/, /^\/auth\/params\/[^/]+$/],
  forbidden: (path: string) =>
    path === '/connectionSpec' || path.startsWith('/connectionSpec/')
      ? new FlowRequestError('1414', 'The connection spec of a connection cannot be updated.')
      : undefined,
}

/** Throws a FlowRequestError (code + message) for the FLOW error body unless the params are complete. */
function checkParams(draft: StoredConnection): StoredConnection {
  const params: unknown = draft.auth.params
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw invalidPatch('Invalid value for field "auth.params".')
  }
  const wrong = Object.entries(params).find(([, v]) => typeof v !== 'string')
  if (wrong) throw invalidPatch(`Invalid value for field "${wrong[0]}".`)
  const missing = REQUIRED_AUTH_PARAMS.filter((k) => !draft.auth.params[k])
  if (missing.length > 0) {
    throw invalidPatch(`Missing required field(s) ${missing.map((k) => `auth.params.${k}`).join(', ')}.`)
  }
  return draft
}

export const CONNECTION_PATCH: PatchSpec<StoredConnection> = { rules: RULES, finish: checkParams }
