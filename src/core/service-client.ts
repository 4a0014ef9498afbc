import * as z from './zod.js'
import { ActionError, type ErrorKind, type ServiceName } from './errors.js'
import type { SecretRegistry } from './secrets.js'
import type { CreateLookup, Created, Exchange, Sender } from './sender.js'
import type { HttpRequest, HttpResponse, Method, Resend } from './transport.js'

/** What a service said about a failure, read from its error body. */
export interface ServiceErrorDetails {
  code?: string | undefined
  message?: string | undefined
  requestId?: string | undefined
  hint?: string | undefined
}

/** What differs from one service to the next; everything else a client does is the same. */
export interface ServiceDescription {
  name: ServiceName
  /** The header that carries the request id when the error body does not. */
  requestIdHeader: string
  /** Reads the service's error body. */
  errorDetails(body: string): ServiceErrorDetails
}

export interface Call {
  /** What the call does, for messages: "create connection (POST /connections)". */
  operation: string
  method: Method
  url: string
  headers?: Record<string, string>
  /** Sent as JSON, unless `form` is given. */
  json?: unknown
  /** Sent form-encoded. */
  form?: Record<string, string>
  /** Default: 'idempotent' for GET, PUT and PATCH (sent with If-Match), else it must be given. */
  resend?: Resend
  /** A 401 may be answered by a fresh credential: the headers to send instead, or undefined. */
  renewAuth?: () => Promise<Record<string, string> | undefined>
  /** Lets a client add what only it knows about a failure (a hint), before the error is built. */
  refine?: (details: ServiceErrorDetails, response: HttpResponse) => ServiceErrorDetails
}

/**
 * The small base every service client stands on: its requests carry the service's name, a
 * failure becomes one ActionError with the service's code, request id and hint, success is any
 * 2xx, and a success body is decoded with a zod schema, so a body of the wrong shape is the same
 * clear "unexpected answer" everywhere.
 */
export class ServiceClient {
  constructor(
    protected readonly service: ServiceDescription,
    protected readonly sender: Sender,
    protected readonly secrets: SecretRegistry,
  ) {}

  protected send<S extends z.core.$ZodType>(call: Call, schema: S): Promise<z.output<S>> {
    return this.sender.send(this.exchange(call, schema))
  }

  protected sendCreate<S extends z.core.$ZodType<{ id: string }>>(
    call: Call,
    schema: S,
    lookup: CreateLookup<z.output<S>>,
  ): Promise<Created<z.output<S>>> {
    return this.sender.create(this.exchange({ ...call, resend: 'after-lookup' }, schema), lookup)
  }

  protected exchange<S extends z.core.$ZodType>(call: Call, schema: S): Exchange<z.output<S>> {
    const request = this.request(call)
    return {
      request,
      read: (response) => decode(request, response, this.service.requestIdHeader, schema),
      failure: (response) => {
        const details = this.service.errorDetails(response.body)
        return failedResponse(
          request,
          response,
          call.refine ? call.refine(details, response) : details,
          this.secrets,
          this.service.requestIdHeader,
        )
      },
      ...(call.renewAuth ? { renewAuth: call.renewAuth } : {}),
    }
  }

  private request(call: Call): HttpRequest {
    const resend = call.resend ?? defaultResend(call)
    const body =
      call.form !== undefined
        ? { type: 'application/x-www-form-urlencoded', text: new URLSearchParams(call.form).toString() }
        : call.json !== undefined
          ? { type: 'application/json', text: JSON.stringify(call.json) }
          : undefined
    return {
      service: this.service.name,
      operation: call.operation,
      method: call.method,
      url: call.url,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': body.type } : {}),
        ...call.headers,
      },
      ...(body ? { body: body.text } : {}),
      resend,
    }
  }
}

function defaultResend(call: Call): Resend {
  if (call.method === 'GET' || call.method === 'PUT') return 'idempotent'
  if (call.method === 'PATCH' && call.headers?.['if-match'] !== undefined) return 'idempotent'
  throw new Error(`${call.operation}: say whether a ${call.method} may be sent again (resend)`)
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

/** A non-empty string (or a number, as text) at `path` of an error body, else undefined. */
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

/** A 2xx answer's JSON, decoded with `schema`; or the error that says which call answered what. */
function decode<S extends z.core.$ZodType>(
  request: HttpRequest,
  response: HttpResponse,
  requestIdHeader: string,
  schema: S,
): z.output<S> {
  let body: unknown
  try {
    body = response.body === '' ? undefined : JSON.parse(response.body)
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
  const decoded = z.safeParse(schema, body)
  if (decoded.success) return decoded.data
  const [issue] = decoded.error.issues
  const where = issue && issue.path.length > 0 ? `at ${issue.path.map(String).join('.')}, ` : ''
  throw unexpectedAnswer(request, `${where}${issue?.message ?? 'not what was asked for'}`, response.status)
}

/** An answer this action cannot use: the same error, whichever service and call gave it. */
export function unexpectedAnswer(
  request: Pick<HttpRequest, 'service' | 'operation'>,
  what: string,
  status?: number,
): ActionError {
  return new ActionError(`the answer does not have the expected shape: ${what}`, {
    kind: 'unexpected',
    service: request.service,
    operation: request.operation,
    ...(status !== undefined ? { status } : {}),
    hint: `${request.service} answered in a way this action does not expect. Re-run the job; if it happens again, report it with the debug log (it holds no secrets).`,
  })
}

/** An OAuth `expires_in`: seconds, as a number or numeric text; undefined when absent or not a number. */
export const expiresIn = () =>
  z.pipe(
    z.optional(z.unknown()),
    z.transform((value: unknown) => {
      const seconds =
        typeof value === 'number' || (typeof value === 'string' && value !== '') ? Number(value) : Number.NaN
      return Number.isFinite(seconds) ? seconds : undefined
    }),
  )

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat
}
