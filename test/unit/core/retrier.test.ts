import { describe, expect, it } from 'vitest'
import { Deadline } from '../../../src/core/deadline.js'
import { Retrier, seconds, type Repetition, type Step } from '../../../src/core/retrier.js'
import { RETRY_POLICY, type RetryPolicy } from '../../../src/core/retry-policy.js'
import { FakeClock } from '../../support/fake-clock.js'
import { rejectionOf } from '../helpers/stack.js'

function retrier(options: { deadlineMs?: number; random?: () => number; policy?: RetryPolicy } = {}) {
  const clock = new FakeClock(options.random)
  const deadline = new Deadline(options.deadlineMs ?? 600_000, () => clock.now())
  const lines: string[] = []
  const instance = new Retrier(options.policy ?? RETRY_POLICY, deadline, clock, (line) => lines.push(line))
  return { retrier: instance, clock, deadline, lines }
}

/** A step that fails `failures` times (each with `retryAfter`), then is done with 'ok'. */
function failing(failures: number, retryAfter?: string) {
  const attempts: number[] = []
  const step = async (attempt: number): Promise<Step<string>> => {
    attempts.push(attempt)
    if (attempts.length > failures) return { done: 'ok' }
    return { again: { reason: `HTTP 503 #${attempt}`, retryAfter, giveUp: () => `gave up after ${attempt}` } }
  }
  return { step, attempts }
}

const what: Repetition = { what: 'Flow Service: read connection (GET /connections/c1)' }

describe('Retrier.run', () => {
  it('returns the first settled value without waiting', async () => {
    const { retrier: r, clock, lines } = retrier()
    const { step, attempts } = failing(0)
    expect(await r.run(what, step)).toBe('ok')
    expect(attempts).toEqual([1])
    expect(clock.sleeps).toEqual([])
    expect(lines).toEqual([])
  })

  it('numbers the attempts, waits with backoff between them, and logs each wait', async () => {
    const { retrier: r, clock, lines } = retrier()
    const { step, attempts } = failing(3)
    expect(await r.run(what, step)).toBe('ok')
    expect(attempts).toEqual([1, 2, 3, 4])
    expect(clock.sleeps).toEqual([500, 1000, 2000])
    expect(lines).toEqual([
      'Flow Service: read connection (GET /connections/c1): attempt 1 of 5 failed (HTTP 503 #1); retrying in 0.5 s.',
      'Flow Service: read connection (GET /connections/c1): attempt 2 of 5 failed (HTTP 503 #2); retrying in 1.0 s.',
      'Flow Service: read connection (GET /connections/c1): attempt 3 of 5 failed (HTTP 503 #3); retrying in 2.0 s.',
    ])
  })

  it("makes the policy's number of attempts at most, then gives up without waiting again", async () => {
    const { retrier: r, clock } = retrier()
    const { step, attempts } = failing(10)
    expect(await r.run(what, step)).toBe('gave up after 5')
    expect(attempts).toEqual([1, 2, 3, 4, 5])
    expect(clock.sleeps).toHaveLength(4)
  })

  it('makes the attempts a repetition asks for', async () => {
    const { retrier: r, clock } = retrier()
    const { step, attempts } = failing(10)
    expect(await r.run({ ...what, attempts: 2 }, step)).toBe('gave up after 2')
    expect(attempts).toEqual([1, 2])
    expect(clock.sleeps).toHaveLength(1)
    const once = failing(10)
    expect(await r.run({ ...what, attempts: 1 }, once.step)).toBe('gave up after 1')
    expect(clock.sleeps).toHaveLength(1)
  })

  it('follows the policy it was given', async () => {
    const policy: RetryPolicy = { ...RETRY_POLICY, attempts: 3, baseDelayMs: 10, maxDelayMs: 15 }
    const { retrier: r, clock } = retrier({ policy, random: () => 0.999999 })
    const { step, attempts } = failing(10)
    expect(await r.run(what, step)).toBe('gave up after 3')
    expect(attempts).toEqual([1, 2, 3])
    expect(clock.sleeps).toEqual([9, 14])
  })

  it('backs off exponentially with full jitter, capped at 10 s', async () => {
    const { retrier: r, clock } = retrier({ random: () => 0.999999 })
    const { step } = failing(10)
    await r.run({ ...what, attempts: 7 }, step)
    expect(clock.sleeps).toEqual([999, 1999, 3999, 7999, 9999, 9999])
  })

  it('honours Retry-After in seconds, spread by at most 10 %', async () => {
    for (const [random, expected] of [
      [0, 3000],
      [0.5, 3150],
      [0.999999, 3300],
    ] as const) {
      const { retrier: r, clock, lines } = retrier({ random: () => random })
      const { step } = failing(1, '3')
      expect(await r.run(what, step)).toBe('ok')
      expect(clock.sleeps).toEqual([expected])
      expect(lines[0]).toMatch(new RegExp(`retrying in ${(expected / 1000).toFixed(1)} s\\.$`))
    }
  })

  it('honours Retry-After as an HTTP date', async () => {
    const { retrier: r, clock } = retrier({ random: () => 0 })
    const at = new Date(clock.now() + 20_000).toUTCString()
    const { step } = failing(1, at)
    await r.run(what, step)
    // An HTTP date has whole seconds: the wait is what is left of those 20 s.
    expect(clock.sleeps[0]).toBeGreaterThan(18_000)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(20_000)
  })

  it('starts no wait that would end past the deadline, and says why it stopped', async () => {
    const { retrier: r, clock, lines } = retrier({ deadlineMs: 60_000 })
    const { step, attempts } = failing(1, '120')
    expect(await r.run(what, step)).toBe('gave up after 1')
    expect(attempts).toEqual([1])
    expect(clock.sleeps).toEqual([])
    expect(lines).toEqual([
      'Flow Service: read connection (GET /connections/c1): attempt 1 failed (HTTP 503 #1); not retrying, since waiting 126.0 s would pass timeout-seconds.',
    ])
  })

  it('stops at the deadline after the waits that fit', async () => {
    const { retrier: r, clock, lines } = retrier({ deadlineMs: 2_500 })
    const { step, attempts } = failing(10)
    // Waits of 0.5 s and 1 s fit in 2.5 s; the next one (2 s) would end past it.
    expect(await r.run(what, step)).toBe('gave up after 3')
    expect(attempts).toEqual([1, 2, 3])
    expect(clock.sleeps).toEqual([500, 1000])
    expect(lines.at(-1)).toMatch(/attempt 3 failed \(HTTP 503 #3\); not retrying, since waiting 2\.0 s would pass/)
  })

  it('ends within its window, silently, even with time left before the deadline', async () => {
    const { retrier: r, clock, lines } = retrier()
    const { step, attempts } = failing(10)
    const result = await r.run({ ...what, attempts: Number.POSITIVE_INFINITY, windowMs: 3_400 }, step)
    // 0.5 s + 1 s fit in the window; 0.5 + 1 + 2 s would pass it, so the last attempt comes at
    // the window's end.
    expect(result).toBe('gave up after 4')
    expect(attempts).toEqual([1, 2, 3, 4])
    expect(clock.sleeps).toEqual([500, 1000, 1900])
    expect(lines).toHaveLength(3)
  })

  it('does not log the stop when the deadline ends a windowed repetition', async () => {
    const { retrier: r, lines } = retrier({ deadlineMs: 300 })
    const { step } = failing(10)
    expect(await r.run({ ...what, windowMs: 60_000 }, step)).toBe('gave up after 1')
    expect(lines).toEqual([])
  })

  it('logs the line the repetition announces', async () => {
    const { retrier: r, lines } = retrier()
    const { step } = failing(1)
    await r.run({ ...what, announce: (attempt, wait, reason) => `#${attempt} ${wait} ${reason}` }, step)
    expect(lines).toEqual(['#1 500 HTTP 503 #1'])
  })

  it('ends with what giveUp gives: a value, a promise, or a throw', async () => {
    const { retrier: r } = retrier()
    const value = async (): Promise<Step<number>> => ({ again: { reason: 'x', giveUp: () => 7 } })
    expect(await r.run({ ...what, attempts: 1 }, value)).toBe(7)
    const promised = async (): Promise<Step<number>> => ({ again: { reason: 'x', giveUp: async () => 8 } })
    expect(await r.run({ ...what, attempts: 1 }, promised)).toBe(8)
    const failure = new Error('the last failure')
    const thrown = async (): Promise<Step<number>> => ({
      again: {
        reason: 'x',
        giveUp: () => {
          throw failure
        },
      },
    })
    expect(await rejectionOf(r.run({ ...what, attempts: 2 }, thrown))).toBe(failure)
  })

  it('lets an error thrown by a step end the repetition at once', async () => {
    const { retrier: r, clock } = retrier()
    const boom = new Error('boom')
    expect(
      await rejectionOf(
        r.run(what, async () => {
          throw boom
        }),
      ),
    ).toBe(boom)
    expect(clock.sleeps).toEqual([])
  })

  it('exposes its policy', () => {
    expect(retrier().retrier.policy).toBe(RETRY_POLICY)
  })
})

describe('Retrier.poll', () => {
  it('looks again, backing off, until the value settles, announcing each wait with the last value', async () => {
    const values = ['initializing', 'initializing', 'updating', 'enabled']
    const { retrier: r, clock, lines } = retrier()
    let looks = 0
    const result = await r.poll(
      'reading connection c1',
      async () => values[looks++]!,
      (state) => state === 'enabled',
      60_000,
      (state, wait) => `Connection c1 is ${state}; reading it again in ${seconds(wait)}.`,
    )
    expect(result).toBe('enabled')
    expect(looks).toBe(4)
    expect(clock.sleeps).toEqual([500, 1000, 2000])
    expect(lines).toEqual([
      'Connection c1 is initializing; reading it again in 0.5 s.',
      'Connection c1 is initializing; reading it again in 1.0 s.',
      'Connection c1 is updating; reading it again in 2.0 s.',
    ])
  })

  it('is not bound by the attempts of the policy', async () => {
    const { retrier: r, clock } = retrier({ random: () => 0 })
    let looks = 0
    const result = await r.poll(
      'x',
      async () => ++looks,
      (n) => n === 12,
      60_000,
      () => 'again',
    )
    expect(result).toBe(12)
    expect(clock.sleeps).toHaveLength(11)
  })

  it('gives back the last value when the window runs out', async () => {
    const { retrier: r, clock } = retrier()
    const result = await r.poll(
      'x',
      async () => 'updating',
      () => false,
      3_400,
      () => 'again',
    )
    expect(result).toBe('updating')
    expect(clock.sleeps).toEqual([500, 1000, 1900])
  })

  it('gives back the last value when the deadline runs out', async () => {
    const { retrier: r, clock, lines } = retrier({ deadlineMs: 1_500 })
    const result = await r.poll(
      'x',
      async () => 'updating',
      () => false,
      60_000,
      () => 'again',
    )
    // A look needs 2 s of the deadline: with 1.5 s, the first look was the last.
    expect(result).toBe('updating')
    expect(clock.sleeps).toEqual([])
    expect(lines).toEqual([])
  })

  it('lets a failing look end the poll', async () => {
    const { retrier: r } = retrier()
    const boom = new Error('lookup failed')
    expect(
      await rejectionOf(
        r.poll(
          'x',
          () => Promise.reject(boom),
          () => true,
          60_000,
          () => 'again',
        ),
      ),
    ).toBe(boom)
  })
})

describe('seconds', () => {
  it('shows milliseconds as seconds with one decimal', () => {
    expect([0, 499, 1000, 3150, 126_000].map(seconds)).toEqual(['0.0 s', '0.5 s', '1.0 s', '3.1 s', '126.0 s'])
  })
})
