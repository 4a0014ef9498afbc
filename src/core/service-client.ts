import { ActionError, type ErrorKind } from './errors.js'
import type { HttpRequest, HttpResponse } from './http.js'
import type { SecretRegistry } from './secrets.js'

/** What a service said about a failure, read from its error body. */
export interface ServiceErrorDetails {
  code?: string
  message?: string
  requestId?: string
  hint?: string
}

export function kindForStatus(status: number): ErrorKind {
  if (status === 401) return 'auth'
  if (status === 403) return 'permission'
  if (status === 404) return 'not-found'
  if (status === 409 || status === 412) return 'conflict'
  if (status === 408 || status === 429 || status >= 500) return 'transient'
  return 'unexpected'
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

export function stringField(object: unknown, ...path: string[]): string | undefined {
  let value: unknown = object
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  if (typeof value === 'string' && value.length > 0) return value
  if (typeof value === 'number') return String(value)
  return undefined
}

function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Builds the error for a non-successful answer. Server text is scrubbed of every known secret
 * (servers can echo what they were sent) and cut to a readable length.
 */
export function failedResponse(
  request: HttpRequest,
  response: HttpResponse,
  details: ServiceErrorDetails,
  secrets: SecretRegistry,
  requestIdHeader: string,
): ActionError {
  const requestId = details.requestId ?? headerValue(response, requestIdHeader)
  const retryAfter = headerValue(response, 'retry-after')
  // Scrub first: flattening or cutting the text could break a secret into a form scrub misses.
  const serverMessage = details.message ? oneLine(secrets.scrub(details.message)) : undefined
  const message =
    serverMessage ??
    (response.status >= 300 && response.status < 400
      ? `unexpected redirect to ${secrets.scrub(headerValue(response, 'location') ?? 'nowhere')}; redirects are not followed`
      : 'the answer carried no error message')
  const hint =
    details.hint ??
    (kindForStatus(response.status) === 'transient'
      ? `${request.service} is unavailable or overloaded; re-run the job in a few minutes.`
      : undefined)
  return new ActionError(message, {
    kind: kindForStatus(response.status),
    service: request.service,
    operation: request.operation,
    status: response.status,
    ...(details.code ? { code: secrets.scrub(details.code) } : {}),
    ...(requestId ? { requestId: secrets.scrub(requestId) } : {}),
    ...(hint ? { hint } : {}),
    ...(retryAfter ? { retryAfter } : {}),
  })
}

/** Reads a 2xx JSON answer, or fails saying which call gave a body that is not what it should be. */
export function parseSuccessBody(request: HttpRequest, response: HttpResponse, requestIdHeader: string): unknown {
  try {
    return JSON.parse(response.body)
  } catch {
    const requestId = headerValue(response, requestIdHeader)
    throw new ActionError('the answer is not valid JSON', {
      kind: 'transient',
      service: request.service,
      operation: request.operation,
      status: response.status,
      ...(requestId ? { requestId } : {}),
      hint: `${request.service} sent a broken answer; re-run the job. If it keeps happening, check for a proxy rewriting answers.`,
    })
  }
}

export function unexpectedShape(request: HttpRequest, response: HttpResponse, what: string): ActionError {
  return new ActionError(`the answer does not have the expected shape: ${what}`, {
    kind: 'unexpected',
    service: request.service,
    operation: request.operation,
    status: response.status,
    hint: `${request.service} answered in a way this action does not expect. Re-run the job; if it happens again, report it with the debug log (it holds no secrets).`,
  })
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat
}
