/**
 * Request-body helpers shared by the Flow Service handlers. Failures are thrown as
 * FlowRequestError and become FLOW-<code>-400 bodies in the router.
 */
import { FlowRequestError } from './errors.js'
import type { RequestContext } from './reply.js'

/** The parsed JSON body, or undefined when it is empty or not JSON. */
export function jsonBody(ctx: RequestContext): unknown {
  if (ctx.body.trim() === '') return undefined
  try {
    return JSON.parse(ctx.body) as unknown
  } catch {
    return undefined
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== ''

/** 1405-400, documented: "The request body cannot be null or empty." */
export function emptyBodyError(): FlowRequestError {
  return new FlowRequestError(
    '1405',
    'The request body cannot be null or empty. Please provide a request body and try again.',
  )
}

/** The body as a JSON object, or throws 1405. */
export function objectBody(ctx: RequestContext): Record<string, unknown> {
  const body = jsonBody(ctx)
  if (!isObject(body)) throw emptyBodyError()
  return body
}

/**
 * Throws 1100-400 naming the missing fields (never their values) when there are any. The real
 * text for missing fields is undocumented; code and wording are our choice.
 */
export function requireFields(missing: readonly string[]): void {
  if (missing.length > 0) {
    throw new FlowRequestError(
      '1100',
      `The request could not be processed. Missing required field(s): ${missing.join(', ')}.`,
    )
  }
}

/** 1100-400 for a field that is present but wrong (our choice of code and text). */
export function invalidField(field: string, why: string): FlowRequestError {
  return new FlowRequestError('1100', `The request could not be processed. Invalid field ${field}: ${why}.`)
}

/** `{id, version}` of a spec reference, version defaulting to '1.0' ("defaults to the most recent"). */
export function specRef(value: unknown): { id: unknown; version: unknown } | undefined {
  return isObject(value) ? { id: value.id, version: value.version ?? '1.0' } : undefined
}

/** 1413-400 unless `value` names exactly this spec id, version 1.0 (documented code). */
export function requireSpec(value: unknown, id: string): { id: string; version: string } {
  const ref = specRef(value)
  if (ref?.id !== id || ref.version !== '1.0') {
    throw new FlowRequestError('1413', 'The spec ID provided is invalid. Please provide a valid spec ID and try again.')
  }
  return { id, version: '1.0' }
}
