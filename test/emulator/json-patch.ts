/**
 * JSON Patch as Flow Service's PATCH endpoints take it (flow-service-notes §1.8, dataflow-notes
 * §1.1 "Day-2 calls"): an array of `{op, path, value}` with ops add/replace/remove
 * (case-insensitive; others are 1434-400) on JSON-pointer paths. Each resource allows its own
 * paths (others are 1455-400) and checks the result itself. Applied to a copy: nothing changes
 * unless every instruction succeeds.
 *
 * Semantics (RFC 6902 where Adobe says nothing): `add` on an array index inserts (`-` appends);
 * `replace` sets an object key whether or not it exists (the connection tutorial replaces
 * `/description` that may be absent); `remove` of something absent fails.
 */
import { FlowRequestError } from './errors.js'
import { isObject, nonEmptyString } from './validate.js'

const PREFIX = 'An error has occurred while validating patch instructions: '

/** 1455-400 "patch instruction validation" (documented code; wording our choice). */
export function invalidPatch(message: string): FlowRequestError {
  return new FlowRequestError('1455', PREFIX + message)
}

export interface PatchRules {
  /** Paths an instruction may target. */
  allowed: readonly RegExp[]
  /** A resource-specific error for a path, checked before `allowed` (e.g. 1414 for /connectionSpec). */
  forbidden?: (path: string) => FlowRequestError | undefined
}

/** RFC 6901 unescaping of one JSON-pointer token. */
function pointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

type Container = Record<string, unknown> | unknown[]

/** The container the last token of `tokens` lives in (must exist). */
function parentOf(root: Container, tokens: string[], path: string): Container {
  let current: unknown = root
  for (const token of tokens.slice(0, -1)) {
    current = Array.isArray(current) ? current[Number(token)] : isObject(current) ? current[token] : undefined
    if (current === undefined) throw invalidPatch(`Path "${path}" does not exist.`)
  }
  if (!Array.isArray(current) && !isObject(current)) throw invalidPatch(`Path "${path}" does not exist.`)
  return current
}

function arrayIndex(token: string, length: number, path: string, allowEnd: boolean): number {
  const index = token === '-' && allowEnd ? length : /^(0|[1-9]\d*)$/.test(token) ? Number(token) : NaN
  if (!(index >= 0 && (allowEnd ? index <= length : index < length))) throw invalidPatch(`Invalid index in "${path}".`)
  return index
}

function applyOne(draft: Container, instruction: unknown, rules: PatchRules): void {
  if (!isObject(instruction)) throw invalidPatch('each instruction must be an object.')
  const { op, path, value } = instruction
  if (typeof op !== 'string') throw invalidPatch('Missing field "op".')
  if (typeof path !== 'string') throw invalidPatch('Missing field "path".')
  const kind = op.toLowerCase()
  if (kind !== 'add' && kind !== 'replace' && kind !== 'remove') {
    throw new FlowRequestError(
      '1434',
      `Unsupported operation '${op}' received. Please use one of the supported operation types and try again.`,
    )
  }
  const forbidden = rules.forbidden?.(path)
  if (forbidden) throw forbidden
  if (!rules.allowed.some((pattern) => pattern.test(path))) throw invalidPatch(`Unsupported path "${path}".`)
  if (kind !== 'remove' && value === undefined) throw invalidPatch(`Missing field "value" for "${path}".`)

  const tokens = path.split('/').slice(1).map(pointerToken)
  const parent = parentOf(draft, tokens, path)
  const last = tokens.at(-1) ?? ''
  const copy = structuredClone(value)
  if (Array.isArray(parent)) {
    if (kind === 'add') parent.splice(arrayIndex(last, parent.length, path, true), 0, copy)
    else if (kind === 'replace') parent[arrayIndex(last, parent.length, path, false)] = copy
    else parent.splice(arrayIndex(last, parent.length, path, false), 1)
  } else if (kind === 'remove') {
    if (!Object.hasOwn(parent, last)) throw invalidPatch(`Missing field "${last}".`)
    delete parent[last]
  } else {
    parent[last] = copy
  }
}

/** A patched copy of `document`, or throws a FlowRequestError (code + message) for the FLOW body. */
export function applyJsonPatch<T extends object>(document: T, instructions: unknown, rules: PatchRules): T {
  if (!Array.isArray(instructions) || instructions.length === 0) {
    throw invalidPatch('a non-empty JSON Patch array is required.')
  }
  const draft = structuredClone(document)
  for (const instruction of instructions) applyOne(draft as Container, instruction, rules)
  return draft
}

/** What a patched resource must still satisfy: a non-empty name (if required or present), a string description if any. */
export function checkPatchedText(patched: object, nameRequired = true): void {
  const draft = patched as { name?: unknown; description?: unknown }
  if (draft.name === undefined ? nameRequired : !nonEmptyString(draft.name)) {
    throw invalidPatch('Invalid value for field "name".')
  }
  if (draft.description !== undefined && typeof draft.description !== 'string') {
    throw invalidPatch('Invalid value for field "description".')
  }
}
