import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../../src/core/runner.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('systemClock', () => {
  it("tells the system's time", () => {
    const before = Date.now()
    const now = systemClock.now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it('sleeps on a real timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    let woke = false
    const sleeping = systemClock.sleep(1_000).then(() => (woke = true))
    await vi.advanceTimersByTimeAsync(999)
    expect(woke).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await sleeping
    expect(woke).toBe(true)
  })

  it('draws random numbers in [0, 1)', () => {
    for (let i = 0; i < 100; i++) {
      const value = systemClock.random()
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThan(1)
    }
  })
})
