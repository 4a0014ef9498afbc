import { ActionError } from './errors.js'
import { seconds, type Retrier, type Step } from './retrier.js'
import type { Clock } from './runner.js'
import { retryAfterOf, verdict, type AttemptOutcome } from './retry-policy.js'
import { TransportError, type HttpRequest, type HttpResponse, type Transport } from './transport.js'

/** How long the step keeps looking for a create that was answered with a failure, before resending it. */
const SETTLE_WINDOW_MS = 5_000

/**
 * A request and how its answers are read, built by a service client: the service knows its
 * error shape and what a good answer looks like; the sender knows when to send again.
 */
export interface Exchange<T> {
  request: HttpRequest
  /** A 2xx answer as the caller's value; throws an ActionError when its body is not what it should be. */
  read(response: HttpResponse): T
  /** The error for an answer that is not a success. */
  failure(response: HttpResponse): ActionError
  /**
   * On a 401, a fresh credential may help: returns the headers to send instead, or undefined when
   * there is none. Asked once per request; the resend it allows is not a retry (a 401 comes from
   * the gateway before the service acts, so even a create may be sent again).
   */
  renewAuth?: () => Promise<Record<string, string> | undefined>
}

/** How a create that may have landed is found again. */
export interface CreateLookup<T extends { id: string }> {
  /** What is created, for messages: "connection". */
  noun: string
  /** Its name, for messages. */
  name: string
  /** The created resource, if it is there now (and was not there before the create). */
  find(): Promise<T | undefined>
  /** What the user should do when the create is unconfirmed and nothing turned up. */
  unconfirmedHint: string
  /** How long to look for a create that got no answer, within the deadline. */
  windowMs: number
}

export interface Created<T> {
  value: T
  /** True when the create's answer was lost and the resource was found and adopted instead. */
  adopted: boolean
}

/**
 * Sends requests through the retry loop and honours each request's resend rule: the one place
 * that decides whether a request goes out again.
 */
export class Sender {
  constructor(
    private readonly transport: Transport,
    private readonly retrier: Retrier,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  /** Sends a request whose resend rule is 'idempotent' or 'never'; returns what `read` makes of the answer. */
  send<T>(exchange: Exchange<T>): Promise<T> {
    if (exchange.request.resend === 'after-lookup') throw new Error('a create is sent with Sender.create')
    return this.retrier.run<T>({ what: label(exchange.request) }, async () => {
      const outcome = await this.attempt(exchange)
      const settle = () => this.settle(exchange, outcome)
      if (verdict(this.retrier.policy, exchange.request.resend, outcome) === 'done') return { done: settle() }
      return { again: { reason: describe(outcome), retryAfter: retryAfterOf(outcome), giveUp: settle } }
    })
  }

  /**
   * Sends a create (resend rule 'after-lookup') so that it takes effect at most once. Flow Service
   * has no idempotency key: after a failure it answered (500, 502, 503) the create may still have
   * landed, so the sender waits, looks, and sends it again only when nothing turned up; after a
   * create with no answer (a timeout, a reset, a gateway 504, a 2xx whose body broke) it never
   * sends it again: it looks for it, adopts it, or fails saying a re-run settles it.
   */
  create<T extends { id: string }>(exchange: Exchange<T>, lookup: CreateLookup<T>): Promise<Created<T>> {
    const { request } = exchange
    if (request.resend !== 'after-lookup') throw new Error('Sender.create needs a request with resend: after-lookup')
    let lookFirst: ActionError | undefined
    return this.retrier.run({ what: label(request) }, async (): Promise<Step<Created<T>>> => {
      if (lookFirst) {
        const found = await this.findWithinSettleWindow(lookup, lookFirst)
        if (found) return { done: this.adopt(lookup, found) }
        this.log(`No ${lookup.noun} was created; sending the create again.`)
      }
      const outcome = await this.attempt(exchange)
      const next = verdict(this.retrier.policy, request.resend, outcome)
      if (next === 'done') {
        if (outcome.error) throw outcome.error
        if (!isSuccess(outcome.response)) throw exchange.failure(outcome.response)
        try {
          return { done: { value: exchange.read(outcome.response), adopted: false } }
        } catch (broken) {
          return { done: await this.lookForUnanswered(lookup, broken, `HTTP ${outcome.response.status}`) }
        }
      }
      const failure = outcome.error ?? exchange.failure(outcome.response)
      if (next === 'look-only') return { done: await this.lookForUnanswered(lookup, failure, describe(outcome)) }
      lookFirst = next === 'look-then-retry' ? failure : undefined
      return {
        again: {
          reason: describe(outcome),
          retryAfter: retryAfterOf(outcome),
          giveUp: async () => {
            const found = lookFirst ? await this.findWithinSettleWindow(lookup, failure) : undefined
            if (found) return this.adopt(lookup, found)
            throw failure
          },
        },
      }
    })
  }

  /** One attempt, and one resend with renewed credentials after a 401. */
  private async attempt<T>(exchange: Exchange<T>): Promise<AttemptOutcome> {
    const outcome = await this.attemptOnce(exchange.request)
    if (outcome.response?.status !== 401 || !exchange.renewAuth) return outcome
    const headers = await exchange.renewAuth()
    if (!headers) return outcome
    Object.assign(exchange.request.headers, headers)
    return this.attemptOnce(exchange.request)
  }

  private async attemptOnce(request: HttpRequest): Promise<AttemptOutcome> {
    try {
      return { response: await this.transport.send(request) }
    } catch (error) {
      if (error instanceof TransportError) return { error }
      throw error
    }
  }

  /** The value of a success; the error of anything else. */
  private settle<T>(exchange: Exchange<T>, outcome: AttemptOutcome): T {
    if (outcome.error) throw outcome.error
    if (!isSuccess(outcome.response)) throw exchange.failure(outcome.response)
    return exchange.read(outcome.response)
  }

  private async lookForUnanswered<T extends { id: string }>(
    lookup: CreateLookup<T>,
    error: unknown,
    reason: string,
  ): Promise<Created<T>> {
    const service = error instanceof ActionError && error.facts.service ? error.facts.service : 'The service'
    this.log(
      `${service} did not confirm the create (${reason}); looking for the ${lookup.noun} instead of sending it again.`,
    )
    const started = this.clock.now()
    const found = await this.retrier.poll(
      `looking for the ${lookup.noun}`,
      () => lookup.find(),
      (value) => value !== undefined,
      lookup.windowMs,
      (_, wait) => `No new ${lookup.noun} named ${JSON.stringify(lookup.name)} yet; looking again in ${seconds(wait)}.`,
    )
    if (found) return this.adopt(lookup, found)
    const facts = error instanceof ActionError ? error.facts : undefined
    throw new ActionError(
      `${service} did not confirm the create (${reason}), and no new ${lookup.noun} named ${JSON.stringify(lookup.name)} appeared in ${Math.round((this.clock.now() - started) / 1000)} s of looking`,
      {
        kind: 'transient',
        ...(facts?.service ? { service: facts.service } : {}),
        ...(facts?.operation ? { operation: facts.operation } : {}),
        hint: lookup.unconfirmedHint,
      },
      { cause: error },
    )
  }

  /**
   * After a create answered with a failure: a service can fail the answer and still carry the
   * create out a moment later, so look more than once over a short window before deciding that
   * nothing was created.
   */
  private findWithinSettleWindow<T extends { id: string }>(
    lookup: CreateLookup<T>,
    createError: unknown,
  ): Promise<T | undefined> {
    return this.retrier.poll(
      `looking for the ${lookup.noun}`,
      () => this.findOr(lookup, createError),
      (found) => found !== undefined,
      SETTLE_WINDOW_MS,
      (_, wait) => `No new ${lookup.noun} named ${JSON.stringify(lookup.name)} yet; looking again in ${seconds(wait)}.`,
    )
  }

  /**
   * The lookup, but when it fails, the create's own error is what the user needs: without the
   * lookup the step cannot know whether sending the create again would make a second one. A
   * conflict the lookup found (two new ones) is news, and is thrown as it is.
   */
  private async findOr<T extends { id: string }>(
    lookup: CreateLookup<T>,
    createError: unknown,
  ): Promise<T | undefined> {
    try {
      return await lookup.find()
    } catch (lookupError) {
      if (lookupError instanceof ActionError && lookupError.facts.kind === 'conflict') throw lookupError
      throw createError
    }
  }

  private adopt<T extends { id: string }>(lookup: CreateLookup<T>, found: T): Created<T> {
    this.log(`The ${lookup.noun} was created although the answer was lost; adopting ${found.id}.`)
    return { value: found, adopted: true }
  }
}

function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300
}

function label(request: HttpRequest): string {
  return `${request.service}: ${request.operation}`
}

function describe(outcome: AttemptOutcome): string {
  return outcome.error ? outcome.error.message : `HTTP ${outcome.response.status}`
}
