import { Deadline } from '../../../src/core/deadline.js'
import { ActionError } from '../../../src/core/errors.js'
import { Retrier } from '../../../src/core/retrier.js'
import { RETRY_POLICY, type RetryPolicy } from '../../../src/core/retry-policy.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { Sender } from '../../../src/core/sender.js'
import {
  HttpTransport,
  TransportError,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from '../../../src/core/transport.js'
import { FakeClock } from '../../support/fake-clock.js'

export interface Stack {
  clock: FakeClock
  deadline: Deadline
  retrier: Retrier
  sender: Sender
  secrets: SecretRegistry
  /** What the sender and the retrier logged. */
  lines: string[]
  /** What the transport logged at debug level. */
  debug: string[]
  /** Every value registered as a secret (each form). */
  masked: string[]
}

export interface StackOptions {
  deadlineMs?: number
  policy?: RetryPolicy
  /** The random numbers of the clock (default 0.5). */
  random?: () => number
}

function assemble(transportOf: (deadline: Deadline, debug: string[]) => Transport, options: StackOptions): Stack {
  const clock = new FakeClock(options.random)
  const deadline = new Deadline(options.deadlineMs ?? 600_000, () => clock.now())
  const lines: string[] = []
  const debug: string[] = []
  const masked: string[] = []
  const log = (line: string) => lines.push(line)
  const retrier = new Retrier(options.policy ?? RETRY_POLICY, deadline, clock, log)
  const sender = new Sender(transportOf(deadline, debug), retrier, clock, log)
  const secrets = new SecretRegistry((value) => masked.push(value))
  return { clock, deadline, retrier, sender, secrets, lines, debug, masked }
}

/**
 * The production stack (HttpTransport, Retrier, Sender) with a FakeClock: real requests, but every
 * wait between attempts is recorded instead of slept.
 */
export function httpStack(options: StackOptions = {}): Stack {
  return assemble((deadline, debug) => new HttpTransport(deadline, (line) => debug.push(line)), options)
}

/** The same stack over a scripted transport. */
export function scriptedStack(transport: ScriptedTransport, options: StackOptions = {}): Stack {
  return assemble(() => transport, options)
}

export type Scripted = HttpResponse | TransportError | Error

/** A transport that plays a script: one answer (or error) per attempt, and records what was sent. */
export class ScriptedTransport implements Transport {
  readonly sent: HttpRequest[] = []

  constructor(private readonly script: Scripted[] = []) {}

  /** Adds answers to the end of the script. */
  then(...more: Scripted[]): this {
    this.script.push(...more)
    return this
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.sent.push({ ...request, headers: { ...request.headers } })
    const next = this.script.shift()
    if (next === undefined) throw new Error(`script exhausted at request ${this.sent.length}`)
    if (next instanceof Error) throw next
    return next
  }
}

export const REQUEST: HttpRequest = {
  service: 'Flow Service',
  operation: 'create connection (POST /connections)',
  method: 'POST',
  url: 'http://127.0.0.1:9/data/foundation/flowservice/connections',
  headers: {},
  resend: 'after-lookup',
}

/** An answer of `status`, with `headers` and `body`. */
export function answer(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

/** A reset after the request was sent (the server may have acted). */
export function resetAfterSend(request: HttpRequest = REQUEST): TransportError {
  return new TransportError(
    'could not reach http://127.0.0.1:9: connection reset (ECONNRESET)',
    request,
    true,
    false,
    new Error('reset'),
  )
}

/** A refused connection (the request never reached the server). */
export function refused(request: HttpRequest = REQUEST): TransportError {
  return new TransportError(
    'could not reach http://127.0.0.1:9: connection refused (ECONNREFUSED)',
    request,
    false,
    false,
    new Error('refused'),
  )
}

/** No answer within the attempt's timeout. */
export function timedOut(request: HttpRequest = REQUEST): TransportError {
  return new TransportError('no answer within 30 s', request, true, true, new Error('aborted'))
}

/** What `promise` rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

/** The ActionError `promise` rejects with. */
export async function actionErrorOf(promise: Promise<unknown>): Promise<ActionError> {
  const error = await rejectionOf(promise)
  if (!(error instanceof ActionError)) throw new Error(`expected an ActionError, got ${String(error)}`)
  return error
}
