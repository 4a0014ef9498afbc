/**
 * Commits held back by 'fail-then-commit' faults: each runs once `afterRequests` further requests
 * to its service have been handled. Counted requests only, no timers (deterministic).
 */
import type { ServiceName } from './types.js'

interface Pending {
  service: ServiceName
  remaining: number
  commit: () => Promise<void>
}

export class DeferredCommits {
  private pending: Pending[] = []

  /** Holds `commit` back for `afterRequests` requests (0: commits now). */
  async add(service: ServiceName, afterRequests: number, commit: () => Promise<void>): Promise<void> {
    if (afterRequests === 0) return commit()
    this.pending.push({ service, remaining: afterRequests, commit })
  }

  /** Counts one handled request to `service`; makes the commits whose count is reached, in order. */
  async requestDone(service: ServiceName): Promise<void> {
    const due: Pending[] = []
    for (const p of this.pending) {
      if (p.service !== service) continue
      p.remaining -= 1
      if (p.remaining === 0) due.push(p)
    }
    this.pending = this.pending.filter((p) => !due.includes(p))
    for (const p of due) await p.commit()
  }

  clear(): void {
    this.pending = []
  }
}
