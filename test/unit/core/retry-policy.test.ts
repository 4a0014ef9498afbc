import { describe, expect, it } from 'vitest'
import {
  backoffDelayMs,
  RETRY_POLICY,
  parseHttpDate,
  retryAfterMs,
  retryAfterOf,
  verdict,
  waitMs,
  type AttemptOutcome,
  type Verdict,
} from '../../../src/core/retry-policy.js'
import type { Resend } from '../../../src/core/transport.js'
import { answer, refused, resetAfterSend, timedOut } from '../helpers/stack.js'

const status = (code: number): AttemptOutcome => ({ response: answer(code) })

/** Every outcome an attempt can have, and what each resend rule makes of it. */
const OUTCOMES: Array<[string, AttemptOutcome, Record<Resend, Verdict>]> = [
  ['200', status(200), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['201', status(201), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['204', status(204), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['302', status(302), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['400', status(400), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['401', status(401), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['403', status(403), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['404', status(404), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['409', status(409), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['412', status(412), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['408', status(408), { idempotent: 'retry', 'after-lookup': 'retry', never: 'done' }],
  ['429', status(429), { idempotent: 'retry', 'after-lookup': 'retry', never: 'done' }],
  ['500', status(500), { idempotent: 'retry', 'after-lookup': 'look-then-retry', never: 'done' }],
  ['501', status(501), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  ['502', status(502), { idempotent: 'retry', 'after-lookup': 'look-then-retry', never: 'done' }],
  ['503', status(503), { idempotent: 'retry', 'after-lookup': 'look-then-retry', never: 'done' }],
  ['504', status(504), { idempotent: 'retry', 'after-lookup': 'look-only', never: 'done' }],
  ['505', status(505), { idempotent: 'done', 'after-lookup': 'done', never: 'done' }],
  [
    'a reset after sending (reached)',
    { error: resetAfterSend() },
    { idempotent: 'retry', 'after-lookup': 'look-only', never: 'done' },
  ],
  ['a timeout (reached)', { error: timedOut() }, { idempotent: 'retry', 'after-lookup': 'look-only', never: 'done' }],
  [
    'a refused connection (not reached)',
    { error: refused() },
    { idempotent: 'retry', 'after-lookup': 'retry', never: 'done' },
  ],
]

describe('verdict', () => {
  for (const [what, outcome, expected] of OUTCOMES) {
    for (const resend of ['idempotent', 'after-lookup', 'never'] as const) {
      it(`${resend} × ${what} → ${expected[resend]}`, () => {
        expect(verdict(RETRY_POLICY, resend, outcome)).toBe(expected[resend])
      })
    }
  }

  it('reads the statuses from the policy, not from constants', () => {
    const policy = { ...RETRY_POLICY, retryableStatuses: new Set([418]), notActedStatuses: new Set([418]) }
    expect(verdict(policy, 'idempotent', status(503))).toBe('done')
    expect(verdict(policy, 'idempotent', status(418))).toBe('retry')
    expect(verdict(policy, 'after-lookup', status(418))).toBe('retry')
  })
})

describe('the retry policy', () => {
  it('makes five attempts, backs off from 1 s to at most 10 s, and spreads Retry-After by 10 %', () => {
    expect(RETRY_POLICY).toMatchObject({ attempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000, retryAfterSpread: 0.1 })
    expect([...RETRY_POLICY.retryableStatuses].sort()).toEqual([408, 429, 500, 502, 503, 504])
    expect([...RETRY_POLICY.notActedStatuses].sort()).toEqual([408, 429])
  })
})

describe('backoffDelayMs', () => {
  it('backs off exponentially with full jitter, capped at 10 s', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(RETRY_POLICY, attempt, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ])
    expect(backoffDelayMs(RETRY_POLICY, 3, () => 0)).toBe(0)
    expect(backoffDelayMs(RETRY_POLICY, 2, () => 0.5)).toBe(1000)
  })

  it('follows the policy', () => {
    expect(backoffDelayMs({ ...RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 250 }, 3, () => 0.999999)).toBe(249)
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('Sat, 28 Nov 2026 12:00:00 GMT')
  const table: Array<[string | undefined, number | undefined]> = [
    ['7', 7000],
    [' 7 ', 7000],
    ['0', 0],
    ['Sat, 28 Nov 2026 12:00:30 GMT', 30_000],
    ['Sat, 28 Nov 2026 11:00:00 GMT', 0],
    // The two obsolete HTTP-date forms, always GMT.
    ['Saturday, 28-Nov-26 12:00:30 GMT', 30_000],
    ['Sat Nov 28 12:00:30 2026', 30_000],
    ['Sat Nov  8 12:00:00 2026', 0],
    // Not delay-seconds nor an HTTP-date: ignored, so the normal backoff applies.
    ['-1', undefined],
    ['2.5', undefined],
    ['1e3', undefined],
    ['2026-11-28T12:00:30Z', undefined],
    ['28 Nov 2026 12:00:30 GMT', undefined],
    ['Sat, 28 Nov 2026 12:00:30 +0000', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ]
  for (const [value, expected] of table) {
    it(`reads ${JSON.stringify(value)} as ${String(expected)}`, () => expect(retryAfterMs(value, now)).toBe(expected))
  }
})

describe('waitMs', () => {
  it('waits what Retry-After asks, at most 10 % longer', () => {
    expect(waitMs(RETRY_POLICY, '10', 1, () => 0, 0)).toBe(10_000)
    expect(waitMs(RETRY_POLICY, '10', 1, () => 0.5, 0)).toBe(10_500)
    expect(waitMs(RETRY_POLICY, '10', 1, () => 1, 0)).toBe(11_000)
  })

  it('backs off when there is no Retry-After, or one it cannot read', () => {
    expect(waitMs(RETRY_POLICY, undefined, 2, () => 0.5, 0)).toBe(1000)
    expect(waitMs(RETRY_POLICY, 'later', 3, () => 0.5, 0)).toBe(2000)
  })
})

describe('retryAfterOf', () => {
  it('reads the header of an answer, the first when repeated, nothing from a transport error', () => {
    expect(retryAfterOf({ response: answer(429, '', { 'retry-after': '3' }) })).toBe('3')
    expect(retryAfterOf({ response: { status: 503, headers: { 'retry-after': ['4', '5'] as never }, body: '' } })).toBe(
      '4',
    )
    expect(retryAfterOf({ response: answer(503) })).toBeUndefined()
    expect(retryAfterOf({ error: resetAfterSend() })).toBeUndefined()
  })
})

describe('parseHttpDate', () => {
  it('reads a two-digit RFC 850 year more than 50 years ahead as the past century', () => {
    const now = Date.parse('Sat, 28 Nov 2026 12:00:00 GMT')
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(Date.parse('Sun, 06 Nov 1994 08:49:37 GMT'))
    expect(parseHttpDate('Friday, 06-Nov-76 08:49:37 GMT', now)).toBe(Date.parse('Fri, 06 Nov 2076 08:49:37 GMT'))
  })
})
