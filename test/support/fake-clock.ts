import type { Clock } from '../../src/core/runner.js'

/**
 * A clock whose waits take no time: each sleep moves `now` on and is recorded, so a test can say
 * exactly how long the step chose to wait. Its time moves only by those sleeps (it starts at the
 * real time), so what it computes does not depend on how loaded the machine is. `random` is fixed
 * (default 0.5) unless given.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []
  private offset = 0
  private readonly start = Date.now()

  constructor(private readonly randomValue: () => number = () => 0.5) {}

  now(): number {
    return this.start + this.offset
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.offset += ms
  }
  random(): number {
    return this.randomValue()
  }
}
