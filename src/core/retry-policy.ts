import type { HttpResponse, Resend, TransportError } from './transport.js'

/** When and how a failed call is tried again: the rules, as data, in one place. */
export interface RetryPolicy {
  /** Attempts of one request, the first included. */
  attempts: number
  /** Backoff: a random wait up to base, 2 × base, 4 × base, … (full jitter), capped. */
  baseDelayMs: number
  maxDelayMs: number
  /** Answers worth another attempt. */
  retryableStatuses: ReadonlySet<number>
  /** Answers that prove the server did not act on the request, so even a create may be resent. */
  notActedStatuses: ReadonlySet<number>
  /** A server's Retry-After is honoured, plus at most this share more, so clients do not stampede. */
  retryAfterSpread: number
}

export const RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  retryableStatuses: new Set([408, 429, 500, 502, 503, 504]),
  notActedStatuses: new Set([408, 429]),
  retryAfterSpread: 0.1,
}

/** What one attempt ended with: an answer (of any status) or a transport error. */
export type AttemptOutcome =
  { response: HttpResponse; error?: undefined } | { error: TransportError; response?: undefined }

/**
 * What to do after an attempt, by the request's resend rule:
 * - 'done': hand the outcome to the caller (a success, or a failure not worth another attempt);
 * - 'retry': wait, then send it again;
 * - 'look-then-retry': the server answered a create with a failure; it may still have acted, so
 *   look for the result before sending it again;
 * - 'look-only': the create got no answer (or a gateway timeout): it may still land, so never
 *   send it again; look for it.
 */
export type Verdict = 'done' | 'retry' | 'look-then-retry' | 'look-only'

export function verdict(policy: RetryPolicy, resend: Resend, outcome: AttemptOutcome): Verdict {
  const status = outcome.response?.status
  if (status !== undefined && !policy.retryableStatuses.has(status)) return 'done'
  if (resend === 'never') return 'done'
  if (resend === 'idempotent') return 'retry'
  if (outcome.error) return outcome.error.mayHaveReachedServer ? 'look-only' : 'retry'
  if (status !== undefined && policy.notActedStatuses.has(status)) return 'retry'
  return status === 504 ? 'look-only' : 'look-then-retry'
}

/** Exponential backoff with full jitter: a random wait up to 1 s, 2 s, 4 s, … capped at 10 s. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)))
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)'
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
const TIME = '(\\d{2}:\\d{2}:\\d{2})'
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`)
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`)
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`)

/**
 * An HTTP-date (RFC 9110 §5.6.7): an IMF-fixdate, or one of the two obsolete forms recipients must
 * still accept (RFC 850, asctime), always GMT. Undefined for anything else.
 */
export function parseHttpDate(text: string, now: number): number | undefined {
  const at = (day: string, month: string, year: string, time: string) =>
    Date.parse(`${day.trim()} ${month} ${year} ${time} GMT`)
  let match = IMF_FIXDATE.exec(text)
  if (match) return at(match[1]!, match[2]!, match[3]!, match[4]!)
  match = ASCTIME.exec(text)
  if (match) return at(match[2]!, match[1]!, match[4]!, match[3]!)
  match = RFC_850.exec(text)
  if (!match) return undefined
  // A two-digit year more than 50 years ahead is in the past century (RFC 9110).
  const thisYear = new Date(now).getUTCFullYear()
  let year = 2000 + Number(match[3])
  if (year > thisYear + 50) year -= 100
  return at(match[1]!, match[2]!, String(year), match[4]!)
}

/**
 * Reads Retry-After strictly per HTTP: delay-seconds (a whole number), or an HTTP-date. Anything
 * else (`-1`, `2.5`, `soon`) is undefined, so the normal backoff applies.
 */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = parseHttpDate(trimmed, now)
  return date === undefined || Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * How long to wait before attempt `attempt + 1`: what the server's Retry-After asks (at most
 * `retryAfterSpread` more), or backoff.
 */
export function waitMs(
  policy: RetryPolicy,
  retryAfter: string | undefined,
  attempt: number,
  random: () => number,
  now: number,
): number {
  const asked = retryAfterMs(retryAfter, now)
  if (asked !== undefined) return Math.ceil(asked * (1 + policy.retryAfterSpread * random()))
  return backoffDelayMs(policy, attempt, random)
}

export function retryAfterOf(outcome: AttemptOutcome): string | undefined {
  const header = outcome.response?.headers['retry-after']
  return Array.isArray(header) ? header[0] : header
}
