/**
 * State changes that happen after a number of reads instead of after a time: the emulator's way
 * of letting Flow Service move a resource on "by itself" (initializing → enabled) without tests
 * sleeping. Our choice; Adobe documents the states, not how long they last.
 */
interface Pending {
  state: string
  /** Reads still to show the current state. */
  reads: number
}

export class StateCountdowns {
  private readonly pending = new Map<string, Pending>()

  /** After `reads` more reads of `id`, the one after shows `state`. Replaces a pending change. */
  schedule(id: string, state: string, reads: number): void {
    if (!Number.isInteger(reads) || reads < 0) throw new Error('reads must be a non-negative integer')
    this.pending.set(id, { state, reads })
  }

  /** Counts one read of `id`: the state this read must show when the countdown is over, else undefined. */
  read(id: string): string | undefined {
    const pending = this.pending.get(id)
    if (pending === undefined) return undefined
    if (pending.reads > 0) {
      pending.reads -= 1
      return undefined
    }
    this.pending.delete(id)
    return pending.state
  }

  cancel(id: string): void {
    this.pending.delete(id)
  }

  clear(): void {
    this.pending.clear()
  }
}
