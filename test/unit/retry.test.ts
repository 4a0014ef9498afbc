import { describe, expect, it } from 'vitest'
import { Deadline } from '../../src/deadline.js'
import { TransportError, type HttpRequest, type HttpResponse, type Sender } from '../../src/http.js'
import {
  backoffDelayMs,
  isRetryableStatus,
  mayHaveActed,
  retryAfterMs,
  RetryingHttp,
  retryWaitMs,
} from '../../src/retry.js'

const request: HttpRequest = {
  service: 'Flow Service',
  operation: 'list connections',
  method: 'GET',
  url: 'http://127.0.0.1/x',
  headers: {},
}
const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: '' })
const reset = (reached = true) =>
  new TransportError('could not reach x: connection reset (ECONNRESET)', request, reached, false, new Error('reset'))

/** A sender that plays a script of answers and errors, one per attempt. */
function scripted(script: Array<HttpResponse | TransportError>): Sender & { calls: number } {
  const sender = {
    calls: 0,
    async send() {
      const next = script[sender.calls++]
      if (next === undefined) throw new Error('script exhausted')
      if (next instanceof TransportError) throw next
      return next
    },
  }
  return sender
}

function retrying(sender: Sender, options: { deadlineMs?: number } = {}) {
  const waits: number[] = []
  const lines: string[] = []
  const http = new RetryingHttp(sender, new Deadline(options.deadlineMs ?? 600_000), {
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    log: (line) => lines.push(line),
  })
  return { http, waits, lines }
}

describe('retry decisions', () => {
  it('retries 429 and the transient 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 409, 412, 501, 505].some(isRetryableStatus)).toBe(false)
  })

  it('knows which failures the server may have acted on', () => {
    expect(mayHaveActed({ response: answer(503) })).toBe(true)
    expect(mayHaveActed({ response: answer(429) })).toBe(false)
    expect(mayHaveActed({ error: reset(true) })).toBe(true)
    expect(mayHaveActed({ error: reset(false) })).toBe(false)
  })

  it('backs off exponentially with full jitter, capped at 10 s', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ])
    expect(backoffDelayMs(3, () => 0)).toBe(0)
  })

  it('reads Retry-After in seconds and as an HTTP date', () => {
    const now = Date.parse('Sat, 28 Nov 2026 12:00:00 GMT')
    expect(retryAfterMs('7', now)).toBe(7000)
    expect(retryAfterMs('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterMs('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs(undefined, now)).toBeUndefined()
  })

  it('waits what Retry-After asks, at most 10 % longer', () => {
    expect(retryWaitMs({ response: answer(503, { 'retry-after': '10' }) }, 1, () => 0, 0)).toBe(10_000)
    expect(retryWaitMs({ response: answer(503, { 'retry-after': '10' }) }, 1, () => 1, 0)).toBe(11_000)
    expect(retryWaitMs({ response: answer(503) }, 2, () => 0.5, 0)).toBe(1000)
  })
})

describe('RetryingHttp', () => {
  it('returns at once what is not retryable', async () => {
    const sender = scripted([answer(404)])
    const { http, lines } = retrying(sender)
    expect((await http.send(request)).status).toBe(404)
    expect(sender.calls).toBe(1)
    expect(lines).toEqual([])
  })

  it('retries transient failures, logging attempt n of m and the wait', async () => {
    const sender = scripted([answer(503), reset(), answer(429, { 'retry-after': '3' }), answer(200)])
    const { http, waits, lines } = retrying(sender)
    expect((await http.send(request)).status).toBe(200)
    expect(waits).toEqual([500, 1000, 3150])
    expect(lines).toEqual([
      'Flow Service: list connections: attempt 1 of 5 failed (HTTP 503); retrying in 0.5 s.',
      'Flow Service: list connections: attempt 2 of 5 failed (could not reach x: connection reset (ECONNRESET)); retrying in 1.0 s.',
      'Flow Service: list connections: attempt 3 of 5 failed (HTTP 429); retrying in 3.1 s.',
    ])
  })

  it('makes five attempts at most, then hands back the last answer', async () => {
    const sender = scripted(Array.from({ length: 6 }, () => answer(502)))
    const { http } = retrying(sender)
    expect((await http.send(request)).status).toBe(502)
    expect(sender.calls).toBe(5)
  })

  it('throws the last transport error when attempts run out', async () => {
    const sender = scripted(Array.from({ length: 5 }, () => reset()))
    await expect(retrying(sender).http.send(request)).rejects.toBeInstanceOf(TransportError)
    expect(sender.calls).toBe(5)
  })

  it('starts no wait that would end past the deadline', async () => {
    const sender = scripted([answer(503, { 'retry-after': '120' }), answer(200)])
    const { http, waits, lines } = retrying(sender, { deadlineMs: 60_000 })
    expect((await http.send(request)).status).toBe(503)
    expect(waits).toEqual([])
    expect(lines[0]).toMatch(/not retrying, since waiting 12\d\.\d s would pass timeout-seconds/)
  })

  it('for writes that are not idempotent, hands back failures the server may have acted on', async () => {
    const fiveHundred = scripted([answer(500), answer(201)])
    expect((await retrying(fiveHundred).http.send(request, { resend: 'if-not-acted' })).status).toBe(500)
    expect(fiveHundred.calls).toBe(1)

    const resetAfterSend = scripted([reset(true), answer(201)])
    await expect(retrying(resetAfterSend).http.send(request, { resend: 'if-not-acted' })).rejects.toBeInstanceOf(
      TransportError,
    )

    const rateLimited = scripted([answer(429), reset(false), answer(201)])
    expect((await retrying(rateLimited).http.send(request, { resend: 'if-not-acted' })).status).toBe(201)
    expect(rateLimited.calls).toBe(3)
  })
})

describe('RetryingHttp.pollUntil', () => {
  it('looks again after 1, 2, 4 s until the value settles', async () => {
    const values = ['initializing', 'initializing', 'initializing', 'enabled']
    const { http, waits } = retrying(scripted([]))
    const announced: number[] = []
    const result = await http.pollUntil(
      async () => values.shift()!,
      (state) => state === 'enabled',
      60_000,
      (_, wait) => announced.push(wait),
    )
    expect(result).toBe('enabled')
    expect(waits).toEqual([1000, 2000, 4000])
    expect(announced).toEqual([1000, 2000, 4000])
  })

  it('gives back the last value when the window or the deadline runs out', async () => {
    const window = retrying(scripted([]))
    expect(
      await window.http.pollUntil(
        async () => 'updating',
        () => false,
        3_500,
        () => undefined,
      ),
    ).toBe('updating')
    expect(window.waits).toEqual([1000, 2000])
    const deadline = retrying(scripted([]), { deadlineMs: 1_500 })
    expect(
      await deadline.http.pollUntil(
        async () => 'updating',
        () => false,
        60_000,
        () => undefined,
      ),
    ).toBe('updating')
    expect(deadline.waits).toEqual([1000])
  })
})
