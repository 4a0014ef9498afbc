import { ActionError } from './errors.js'

/** The longest a single attempt may take, however much time the step has left. */
export const MAX_ATTEMPT_MS = 30_000
/** An attempt gets at least this long (when that much is left), even late in the step. */
export const MIN_ATTEMPT_MS = 2_000

/** The step's overall deadline (`timeout-seconds`), shared by every call. */
export class Deadline {
  private readonly endsAt: number

  constructor(
    readonly totalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.endsAt = now() + totalMs
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now())
  }

  /**
   * How long the next attempt may take: half of what is left, so that a stalled attempt still
   * leaves time to retry; at least MIN_ATTEMPT_MS, at most MAX_ATTEMPT_MS, never past the deadline.
   */
  attemptTimeoutMs(): number {
    const remaining = this.remainingMs()
    return Math.min(remaining, MAX_ATTEMPT_MS, Math.max(MIN_ATTEMPT_MS, remaining / 2))
  }

  /** Fails when no time is left, naming what the step was about to wait for. */
  ensureTimeFor(what: string): void {
    if (this.remainingMs() <= 0) throw this.expiredError(what)
  }

  /**
   * The failure of the last attempt, saying that the deadline left no time for another one: the
   * user learns both what failed and why the step stopped trying.
   */
  leftNoTimeAfter(failure: unknown): unknown {
    // Only what another attempt could have mended: a conflict, say, is news of its own.
    if (!(failure instanceof ActionError) || !['transient', 'timeout'].includes(failure.facts.kind)) return failure
    return new ActionError(
      `${failure.message}; timeout-seconds (${Math.round(this.totalMs / 1000)}) left no time for another attempt`,
      { ...failure.facts, kind: 'timeout' },
      { cause: failure },
    )
  }

  expiredError(what: string): ActionError {
    return new ActionError(
      `the step ran out of time (timeout-seconds: ${Math.round(this.totalMs / 1000)}) while waiting for ${what}`,
      {
        kind: 'timeout',
        hint: 'Check the service status and your network or proxy; raise timeout-seconds if the services are just slow.',
      },
    )
  }
}
