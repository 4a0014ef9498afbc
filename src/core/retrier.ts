import { MIN_ATTEMPT_MS, type Deadline } from './deadline.js'
import { retryAfterMs, waitMs, type RetryPolicy } from './retry-policy.js'
import type { Clock } from './runner.js'

/** What one attempt of a repeated operation came to. */
export type Step<T> = { done: T } | { again: Again<T> }

export interface Again<T> {
  /** Why the attempt did not settle it, for the log line: "HTTP 503". */
  reason: string
  /** The server's Retry-After, when it sent one. */
  retryAfter?: string | undefined
  /** What the operation ends with when no further attempt is made: a value, or a throw. */
  giveUp: () => T | Promise<T>
}

export interface Repetition {
  /** Names the operation in log lines: "Flow Service: read connection (GET /connections/…)". */
  what: string
  /** At most this many attempts (default: the policy's). */
  attempts?: number
  /** Stop after this long since the first attempt (for polling); the deadline always bounds it. */
  windowMs?: number
  /** The log line before a wait; default: "<what>: attempt N of M failed (<reason>); retrying in S s." */
  announce?: (attempt: number, waitMs: number, reason: string) => string
}

/**
 * The one loop every repeated call goes through: retries of a request and polling alike. Waits
 * come from the retry policy (Retry-After, else backoff with full jitter); no wait starts that
 * would end past the deadline or the window; each wait is one log line.
 */
export class Retrier {
  constructor(
    readonly policy: RetryPolicy,
    private readonly deadline: Deadline,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    private readonly debug: (line: string) => void = () => undefined,
  ) {}

  async run<T>(repetition: Repetition, step: (attempt: number) => Promise<Step<T>>): Promise<T> {
    const attempts = repetition.attempts ?? this.policy.attempts
    const started = this.clock.now()
    let lastLook = false
    for (let attempt = 1; ; attempt++) {
      const outcome = await step(attempt)
      if ('done' in outcome) return outcome.done
      const { reason, retryAfter, giveUp } = outcome.again
      if (attempt >= attempts) return giveUp()
      if (retryAfter !== undefined && retryAfterMs(retryAfter, this.clock.now()) === undefined) {
        this.debug(
          `Retry-After ${JSON.stringify(retryAfter)} is not a whole number of seconds or an HTTP date; ignored, backing off instead.`,
        )
      }
      let wait = waitMs(this.policy, retryAfter, attempt, () => this.clock.random(), this.clock.now())
      if (repetition.windowMs !== undefined) {
        // A poll ends with one last look at the end of its window (or of the time left, keeping
        // enough for that look), rather than giving up early because a random wait ran long.
        const now = this.clock.now()
        const end = Math.min(started + repetition.windowMs, now + this.deadline.remainingMs() - MIN_ATTEMPT_MS)
        if (now + wait > end) {
          if (lastLook || end <= now) return giveUp()
          wait = end - now
          lastLook = true
        }
      } else if (wait >= this.deadline.remainingMs()) {
        this.log(
          `${repetition.what}: attempt ${attempt} failed (${reason}); not retrying, since waiting ${seconds(wait)} would pass timeout-seconds.`,
        )
        try {
          return await giveUp()
        } catch (error) {
          throw this.deadline.leftNoTimeAfter(error)
        }
      }
      this.log(
        repetition.announce?.(attempt, wait, reason) ??
          `${repetition.what}: attempt ${attempt} of ${attempts} failed (${reason}); retrying in ${seconds(wait)}.`,
      )
      await this.clock.sleep(wait)
    }
  }

  /**
   * Calls `look` until `settled` accepts what it gives, for at most `windowMs` and never past the
   * deadline, waiting as the policy's backoff says between looks. Returns the last value, settled
   * or not; `announce` says in the log why the step waits.
   */
  poll<T>(
    what: string,
    look: () => Promise<T>,
    settled: (value: T) => boolean,
    windowMs: number,
    announce: (value: T, waitMs: number) => string,
  ): Promise<T> {
    let last: T
    return this.run<T>(
      { what, attempts: Number.POSITIVE_INFINITY, windowMs, announce: (_, wait) => announce(last, wait) },
      async () => {
        const value = await look()
        last = value
        return settled(value) ? { done: value } : { again: { reason: 'not settled', giveUp: () => value } }
      },
    )
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
