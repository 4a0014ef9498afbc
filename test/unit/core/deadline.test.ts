import { describe, expect, it } from 'vitest'
import { Deadline, MAX_ATTEMPT_MS } from '../../../src/core/deadline.js'
import { ActionError } from '../../../src/core/errors.js'

describe('Deadline', () => {
  it('gives each attempt half of what is left, at least 2 s and at most 30 s, never past the deadline', () => {
    let now = 0
    const deadline = new Deadline(100_000, () => now)
    expect(deadline.attemptTimeoutMs()).toBe(MAX_ATTEMPT_MS)
    expect(MAX_ATTEMPT_MS).toBe(30_000)
    now = 80_000
    expect(deadline.attemptTimeoutMs()).toBe(10_000)
    now = 97_000
    expect(deadline.attemptTimeoutMs()).toBe(2_000)
    now = 99_000
    expect(deadline.attemptTimeoutMs()).toBe(1_000)
    now = 200_000
    expect(deadline.remainingMs()).toBe(0)
    expect(deadline.attemptTimeoutMs()).toBe(0)
  })

  it('counts from when it was made', () => {
    let now = 5_000
    const deadline = new Deadline(10_000, () => now)
    expect(deadline.totalMs).toBe(10_000)
    expect(deadline.remainingMs()).toBe(10_000)
    now = 12_500
    expect(deadline.remainingMs()).toBe(2_500)
  })

  it('lets a call start while time is left, and fails naming what it was about to wait for when none is', () => {
    let now = 0
    const deadline = new Deadline(100_000, () => now)
    expect(() => deadline.ensureTimeFor('IMS')).not.toThrow()
    now = 100_000
    expect(() => deadline.ensureTimeFor('IMS')).toThrow(
      'the step ran out of time (timeout-seconds: 100) while waiting for IMS',
    )
  })

  it('says how to fix a timeout', () => {
    const error = new Deadline(1_499).expiredError('Flow Service')
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe('the step ran out of time (timeout-seconds: 1) while waiting for Flow Service')
    expect(error.facts).toEqual({
      kind: 'timeout',
      hint: 'Check the service status and your network or proxy; raise timeout-seconds if the services are just slow.',
    })
  })

  it('uses the system clock by default', () => {
    const deadline = new Deadline(60_000)
    expect(deadline.remainingMs()).toBeGreaterThan(59_000)
    expect(deadline.remainingMs()).toBeLessThanOrEqual(60_000)
  })
})

describe('Deadline.leftNoTimeAfter', () => {
  const deadline = new Deadline(5_000)

  it('says that timeout-seconds left no time after a transient failure, keeping its facts', () => {
    const failure = new ActionError('the answer carried no error message', {
      kind: 'transient',
      service: 'Flow Service',
      status: 503,
    })
    const error = deadline.leftNoTimeAfter(failure) as ActionError
    expect(error.message).toBe(
      'the answer carried no error message; timeout-seconds (5) left no time for another attempt',
    )
    expect(error.facts).toEqual({ kind: 'timeout', service: 'Flow Service', status: 503 })
    expect(error.cause).toBe(failure)
  })

  it('leaves alone what another attempt would not mend, and what is not an ActionError', () => {
    const conflict = new ActionError('two new ones', { kind: 'conflict' })
    expect(deadline.leftNoTimeAfter(conflict)).toBe(conflict)
    const plain = new Error('boom')
    expect(deadline.leftNoTimeAfter(plain)).toBe(plain)
  })
})
