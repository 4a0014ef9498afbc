import * as core from '@actions/core'
import type { Deadline } from './deadline.js'
import { TransportError, type HttpRequest, type HttpResponse, type Sender } from './http.js'

export const MAX_ATTEMPTS = 5
const BASE_DELAY_MS = 1_000
const MAX_DELAY_MS = 10_000
/** A server's Retry-After is honoured, plus at most this much more, so clients do not stampede. */
const RETRY_AFTER_SPREAD = 0.1
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504])

/** What one attempt ended with: an answer (of any status) or a transport error. */
export type AttemptOutcome =
  { response: HttpResponse; error?: undefined } | { error: TransportError; response?: undefined }

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status)
}

/**
 * Whether the server may have acted on the request: it answered 5xx, or the connection failed
 * after the request could have been sent. A 429 or a refused connection prove it did not.
 */
export function mayHaveActed(outcome: AttemptOutcome): boolean {
  if (outcome.error) return outcome.error.mayHaveReachedServer
  return outcome.response.status >= 500
}

/** Exponential backoff with full jitter: a random wait up to 1 s, 2 s, 4 s, … capped at 10 s. */
export function backoffDelayMs(attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)))
}

/** Reads Retry-After in either form: delay-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * How long to wait before attempt `attempt + 1`: what the server's Retry-After asks (at most 10 %
 * more), or backoff.
 */
export function waitMs(retryAfter: string | undefined, attempt: number, random: () => number, now: number): number {
  const asked = retryAfterMs(retryAfter, now)
  if (asked !== undefined) return Math.ceil(asked * (1 + RETRY_AFTER_SPREAD * random()))
  return backoffDelayMs(attempt, random)
}

export function retryWaitMs(outcome: AttemptOutcome, attempt: number, random: () => number, now: number): number {
  const header = outcome.response?.headers['retry-after']
  return waitMs(Array.isArray(header) ? header[0] : header, attempt, random, now)
}

export interface RetryDependencies {
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  now?: () => number
  log?: (line: string) => void
}

/**
 * Sends a request, and sends it again after network errors, 429 and 5xx answers: up to
 * MAX_ATTEMPTS while the deadline allows, never starting a wait that would end past it. Each retry
 * is one visible log line.
 *
 * `resend: 'if-not-acted'` is for writes that are not idempotent: only failures that prove the
 * server did not act are retried here; the others go back to the caller, which must check before
 * sending again.
 */
export class RetryingHttp implements Sender {
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly now: () => number
  private readonly log: (line: string) => void

  constructor(
    private readonly http: Sender,
    private readonly deadline: Deadline,
    dependencies: RetryDependencies = {},
  ) {
    this.sleep = dependencies.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.random = dependencies.random ?? Math.random
    this.now = dependencies.now ?? Date.now
    this.log = dependencies.log ?? core.info
  }

  async send(request: HttpRequest, options: { resend?: 'always' | 'if-not-acted' } = {}): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request)
      if (!outcome.error && !isRetryableStatus(outcome.response.status)) return outcome.response
      const giveUp =
        attempt >= MAX_ATTEMPTS ||
        (options.resend === 'if-not-acted' && mayHaveActed(outcome)) ||
        !(await this.pauseBeforeRetry(request, outcome, attempt))
      if (giveUp) return settle(outcome)
    }
  }

  /**
   * Waits before attempt `attempt + 1`, logging why; returns false, without waiting, when the
   * wait would end past the deadline.
   */
  async pauseBeforeRetry(request: HttpRequest, outcome: AttemptOutcome, attempt: number): Promise<boolean> {
    const waitMs = retryWaitMs(outcome, attempt, this.random, this.now())
    return this.pause(`${request.service}: ${request.operation}`, describe(outcome), attempt, waitMs)
  }

  /**
   * The same wait, for callers that retry a whole operation: what the server's Retry-After asks
   * (at most 10 % more), else backoff after attempt `attempt`.
   */
  async pauseAfterFailure(what: string, reason: string, attempt: number, retryAfter?: string): Promise<boolean> {
    return this.pause(what, reason, attempt, waitMs(retryAfter, attempt, this.random, this.now()))
  }

  /**
   * Calls `look` until `settled` accepts what it gives, waiting 1, 2, 4… s (at most 10 s) between
   * looks, for at most `windowMs` and never past the deadline. Returns the last value, settled or
   * not; `beforeWait` says in the log why the step waits.
   */
  async pollUntil<T>(
    look: () => Promise<T>,
    settled: (value: T) => boolean,
    windowMs: number,
    beforeWait: (value: T, waitMs: number) => void,
  ): Promise<T> {
    const started = this.now()
    for (let round = 1; ; round++) {
      const value = await look()
      if (settled(value)) return value
      const wait = Math.min(BASE_DELAY_MS * 2 ** (round - 1), MAX_DELAY_MS)
      if (this.now() - started + wait > windowMs || wait >= this.deadline.remainingMs()) return value
      beforeWait(value, wait)
      await this.sleep(wait)
    }
  }

  private async pause(what: string, reason: string, attempt: number, wait: number): Promise<boolean> {
    if (wait >= this.deadline.remainingMs()) {
      this.log(
        `${what}: attempt ${attempt} failed (${reason}); not retrying, since waiting ${seconds(wait)} would pass timeout-seconds.`,
      )
      return false
    }
    this.log(`${what}: attempt ${attempt} of ${MAX_ATTEMPTS} failed (${reason}); retrying in ${seconds(wait)}.`)
    await this.sleep(wait)
    return true
  }

  private async attempt(request: HttpRequest): Promise<AttemptOutcome> {
    try {
      return { response: await this.http.send(request) }
    } catch (error) {
      if (error instanceof TransportError) return { error }
      throw error
    }
  }
}

function describe(outcome: AttemptOutcome): string {
  return outcome.error ? outcome.error.message : `HTTP ${outcome.response.status}`
}

/** The last answer, for the caller to turn into an error; or the transport error, thrown. */
function settle(outcome: AttemptOutcome): HttpResponse {
  if (outcome.error) throw outcome.error
  return outcome.response
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
