import { ActionError } from './errors.js'

/** The longest a single attempt may take, however much time the step has left. */
export const MAX_ATTEMPT_MS = 30_000

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

  /** How long the next attempt may take: what is left, but never more than MAX_ATTEMPT_MS. */
  attemptTimeoutMs(): number {
    return Math.min(this.remainingMs(), MAX_ATTEMPT_MS)
  }

  /** Fails when no time is left, naming what the step was about to wait for. */
  ensureTimeFor(what: string): void {
    if (this.remainingMs() <= 0) throw this.expiredError(what)
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
