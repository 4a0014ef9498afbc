import { describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/core/errors.js'
import type { CreateLookup, Exchange } from '../../../src/core/sender.js'
import { kindForStatus } from '../../../src/core/service-client.js'
import { TransportError, type HttpRequest, type HttpResponse, type Resend } from '../../../src/core/transport.js'
import {
  actionErrorOf,
  answer,
  refused,
  rejectionOf,
  REQUEST,
  resetAfterSend,
  scriptedStack,
  ScriptedTransport,
  timedOut,
  type Scripted,
} from '../helpers/stack.js'

interface Made {
  id: string
  etag: string
}

const READ: HttpRequest = {
  service: 'Flow Service',
  operation: 'list connections (GET /connections, page 1)',
  method: 'GET',
  url: 'http://127.0.0.1:9/data/foundation/flowservice/connections',
  headers: { authorization: 'Bearer old' },
  resend: 'idempotent',
}

/** An exchange that reads `{"id", "etag"}` and turns any other answer into an ActionError naming its status. */
function exchange(
  request: HttpRequest,
  renewAuth?: () => Promise<Record<string, string> | undefined>,
): Exchange<Made> & { request: HttpRequest } {
  return {
    request: { ...request, headers: { ...request.headers } },
    read: (response: HttpResponse) => {
      let body: unknown
      try {
        body = JSON.parse(response.body)
      } catch {
        throw new ActionError('the answer is not valid JSON', {
          kind: 'transient',
          service: request.service,
          operation: request.operation,
          status: response.status,
        })
      }
      return body as Made
    },
    failure: (response: HttpResponse) =>
      new ActionError(`failed with ${response.status}`, {
        kind: kindForStatus(response.status),
        service: request.service,
        operation: request.operation,
        status: response.status,
      }),
    ...(renewAuth ? { renewAuth } : {}),
  }
}

const ok = (id = 'c1') => answer(201, { id, etag: `"${id}"` })
const withResend = (resend: Resend): HttpRequest => ({ ...READ, resend })

/** A lookup that plays a script of what each look finds (or throws). */
function lookup(
  finds: Array<Made | undefined | Error> = [],
  windowMs = 10_000,
): CreateLookup<Made> & { looks: number } {
  const result = {
    noun: 'connection',
    name: 'HubSpot',
    unconfirmedHint: 'Re-run the job.',
    windowMs,
    looks: 0,
    find: async () => {
      const next = finds[result.looks++]
      if (next instanceof Error) throw next
      return next
    },
  }
  return result
}

function setup(script: Scripted[], options: { deadlineMs?: number } = {}) {
  const transport = new ScriptedTransport(script)
  return { transport, ...scriptedStack(transport, options) }
}

describe('Sender.send', () => {
  it('returns what read makes of a 2xx answer', async () => {
    const { sender, transport, lines } = setup([answer(200, { id: 'c1', etag: '"1"' })])
    expect(await sender.send(exchange(READ))).toEqual({ id: 'c1', etag: '"1"' })
    expect(transport.sent).toHaveLength(1)
    expect(lines).toEqual([])
  })

  it('throws at once the failure of an answer not worth another attempt', async () => {
    for (const status of [400, 401, 403, 404, 409, 412, 501]) {
      const { sender, transport, clock, lines } = setup([answer(status), ok()])
      const error = await actionErrorOf(sender.send(exchange(READ)))
      expect(error.facts.status).toBe(status)
      expect(transport.sent).toHaveLength(1)
      expect(clock.sleeps).toEqual([])
      expect(lines).toEqual([])
    }
  })

  it('retries an idempotent request after 5xx, 408, 429 and transport errors, logging attempt n of m and the wait', async () => {
    const { sender, transport, clock, lines } = setup([
      answer(503),
      resetAfterSend(READ),
      answer(429, '', { 'retry-after': '3' }),
      answer(408),
      answer(200, { id: 'c1', etag: '"1"' }),
    ])
    expect(await sender.send(exchange(READ))).toMatchObject({ id: 'c1' })
    expect(transport.sent).toHaveLength(5)
    expect(clock.sleeps).toEqual([500, 1000, 3150, 4000])
    expect(lines).toEqual([
      'Flow Service: list connections (GET /connections, page 1): attempt 1 of 5 failed (HTTP 503); retrying in 0.5 s.',
      'Flow Service: list connections (GET /connections, page 1): attempt 2 of 5 failed (could not reach http://127.0.0.1:9: connection reset (ECONNRESET)); retrying in 1.0 s.',
      'Flow Service: list connections (GET /connections, page 1): attempt 3 of 5 failed (HTTP 429); retrying in 3.1 s.',
      'Flow Service: list connections (GET /connections, page 1): attempt 4 of 5 failed (HTTP 408); retrying in 4.0 s.',
    ])
  })

  it('makes five attempts at most, then throws the failure of the last answer', async () => {
    const { sender, transport } = setup(Array.from({ length: 6 }, () => answer(502)))
    const error = await actionErrorOf(sender.send(exchange(READ)))
    expect(error.facts.status).toBe(502)
    expect(transport.sent).toHaveLength(5)
  })

  it('throws the last transport error when the attempts run out', async () => {
    const last = refused(READ)
    const { sender, transport } = setup([...Array.from({ length: 4 }, () => resetAfterSend(READ)), last])
    expect(await rejectionOf(sender.send(exchange(READ)))).toBe(last)
    expect(transport.sent).toHaveLength(5)
  })

  it('starts no wait that would end past the deadline', async () => {
    const { sender, transport, clock, lines } = setup([answer(503, '', { 'retry-after': '120' }), ok()], {
      deadlineMs: 60_000,
    })
    const error = await actionErrorOf(sender.send(exchange(READ)))
    expect(error.facts.status).toBe(503)
    expect(transport.sent).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(lines[0]).toMatch(
      /attempt 1 failed \(HTTP 503\); not retrying, since waiting 12\d\.\d s would pass timeout-seconds/,
    )
  })

  it("sends a 'never' request once, whatever happens to it", async () => {
    for (const first of [answer(503), answer(429), resetAfterSend(READ), refused(READ)]) {
      const { sender, transport, clock } = setup([first, ok()])
      await expect(sender.send(exchange(withResend('never')))).rejects.toBeInstanceOf(ActionError)
      expect(transport.sent).toHaveLength(1)
      expect(clock.sleeps).toEqual([])
    }
  })

  it('lets an error that is not a transport error through at once', async () => {
    const bug = new Error('not a network failure')
    const { sender, transport } = setup([bug, ok()])
    expect(await rejectionOf(sender.send(exchange(READ)))).toBe(bug)
    expect(transport.sent).toHaveLength(1)
  })

  it('refuses a create', () => {
    const { sender } = setup([])
    expect(() => sender.send(exchange(REQUEST))).toThrow('a create is sent with Sender.create')
  })

  describe('after a 401', () => {
    it('sends the request once more with the renewed credentials, which later attempts keep', async () => {
      let renewals = 0
      const renew = async () => {
        renewals++
        return { authorization: 'Bearer new' }
      }
      const { sender, transport } = setup([answer(401), answer(503), answer(200, { id: 'c1', etag: '"1"' })])
      expect(await sender.send(exchange(READ, renew))).toMatchObject({ id: 'c1' })
      expect(renewals).toBe(1)
      expect(transport.sent.map((request) => request.headers['authorization'])).toEqual([
        'Bearer old',
        'Bearer new',
        'Bearer new',
      ])
    })

    it('throws the 401 when there is no fresh credential to be had', async () => {
      let renewals = 0
      const { sender, transport } = setup([answer(401), ok()])
      const error = await actionErrorOf(
        sender.send(
          exchange(READ, async () => {
            renewals++
            return undefined
          }),
        ),
      )
      expect(error.facts).toMatchObject({ status: 401, kind: 'auth' })
      expect(renewals).toBe(1)
      expect(transport.sent).toHaveLength(1)
    })

    it('throws the second 401 without renewing again', async () => {
      let renewals = 0
      const renew = async () => {
        renewals++
        return { authorization: `Bearer new-${renewals}` }
      }
      const { sender, transport } = setup([answer(401), answer(401), ok()])
      const error = await actionErrorOf(sender.send(exchange(READ, renew)))
      expect(error.facts.status).toBe(401)
      expect(renewals).toBe(1)
      expect(transport.sent).toHaveLength(2)
    })

    it('throws the 401 when the request cannot renew its credentials', async () => {
      const { sender, transport } = setup([answer(401), ok()])
      expect((await actionErrorOf(sender.send(exchange(READ)))).facts.status).toBe(401)
      expect(transport.sent).toHaveLength(1)
    })

    it('does not ask for a fresh credential after any other failure', async () => {
      let renewals = 0
      const renew = async () => {
        renewals++
        return { authorization: 'Bearer new' }
      }
      const { sender } = setup([answer(403)])
      await expect(sender.send(exchange(READ, renew))).rejects.toThrow('failed with 403')
      expect(renewals).toBe(0)
    })
  })
})

describe('Sender.create', () => {
  it('returns what a 2xx create made', async () => {
    const { sender, transport, lines } = setup([ok('c1')])
    const find = lookup()
    expect(await sender.create(exchange(REQUEST), find)).toEqual({
      value: { id: 'c1', etag: '"c1"' },
      adopted: false,
    })
    expect(transport.sent).toHaveLength(1)
    expect(find.looks).toBe(0)
    expect(lines).toEqual([])
  })

  it('refuses a request that is not a create', () => {
    const { sender } = setup([])
    expect(() => sender.create(exchange(READ), lookup())).toThrow(
      'Sender.create needs a request with resend: after-lookup',
    )
  })

  it('throws at once a failure that proves nothing was made (4xx)', async () => {
    for (const status of [400, 403, 404, 409]) {
      const { sender, transport } = setup([answer(status), ok()])
      const find = lookup()
      expect((await actionErrorOf(sender.create(exchange(REQUEST), find))).facts.status).toBe(status)
      expect(transport.sent).toHaveLength(1)
      expect(find.looks).toBe(0)
    }
  })

  it('sends it again without looking after a 429 or 408, honouring Retry-After', async () => {
    const { sender, transport, clock } = setup([answer(429, '', { 'retry-after': '2' }), answer(408), ok('c1')])
    const find = lookup()
    expect(await sender.create(exchange(REQUEST), find)).toEqual({ value: { id: 'c1', etag: '"c1"' }, adopted: false })
    expect(transport.sent).toHaveLength(3)
    expect(find.looks).toBe(0)
    expect(clock.sleeps).toEqual([2100, 1000])
  })

  it('sends it again without looking after a refused connection', async () => {
    const { sender, transport } = setup([refused(), ok('c1')])
    const find = lookup()
    expect((await sender.create(exchange(REQUEST), find)).adopted).toBe(false)
    expect(transport.sent).toHaveLength(2)
    expect(find.looks).toBe(0)
  })

  for (const status of [500, 502, 503]) {
    it(`after a ${status}: waits, looks, and sends it again when nothing was made`, async () => {
      const { sender, transport, clock, lines } = setup([answer(status), ok('c2')])
      const find = lookup([undefined])
      expect(await sender.create(exchange(REQUEST), find)).toEqual({
        value: { id: 'c2', etag: '"c2"' },
        adopted: false,
      })
      expect(transport.sent).toHaveLength(2)
      // The retry's wait, then looks over the 5 s settle window: a create answered with a failure
      // may still land a moment later.
      expect(find.looks).toBe(5)
      expect(clock.sleeps).toEqual([500, 500, 1000, 2000, 1500])
      expect(lines[0]).toBe(
        `Flow Service: create connection (POST /connections): attempt 1 of 5 failed (HTTP ${status}); retrying in 0.5 s.`,
      )
      expect(lines.filter((line) => line.startsWith('No new connection named "HubSpot" yet'))).toHaveLength(4)
      expect(lines.at(-1)).toBe('No connection was created; sending the create again.')
    })
  }

  it('after a 500: adopts what the look finds, without sending it again', async () => {
    const { sender, transport, lines } = setup([answer(500), ok('never sent')])
    const find = lookup([{ id: 'c9', etag: '"9"' }])
    expect(await sender.create(exchange(REQUEST), find)).toEqual({ value: { id: 'c9', etag: '"9"' }, adopted: true })
    expect(transport.sent).toHaveLength(1)
    expect(lines.at(-1)).toBe('The connection was created although the answer was lost; adopting c9.')
  })

  it('after five 500s: looks one last time, then throws the last failure', async () => {
    const { sender, transport, clock } = setup(Array.from({ length: 5 }, () => answer(500)))
    const find = lookup([undefined, undefined, undefined, undefined, undefined])
    const error = await actionErrorOf(sender.create(exchange(REQUEST), find))
    expect(error.facts).toMatchObject({ status: 500, kind: 'transient' })
    expect(transport.sent).toHaveLength(5)
    // Five looks over the settle window before attempts 2 to 5, and once more after the last.
    expect(find.looks).toBe(25)
    expect(clock.sleeps).toHaveLength(4 + 5 * 4)
  })

  it('after five 500s: adopts what the last look finds', async () => {
    const { sender } = setup(Array.from({ length: 5 }, () => answer(500)))
    const find = lookup([undefined, undefined, undefined, undefined, { id: 'late', etag: '"l"' }])
    expect(await sender.create(exchange(REQUEST), find)).toEqual({ value: { id: 'late', etag: '"l"' }, adopted: true })
  })

  it('after a 500 with no time left to wait: looks once, then throws the failure', async () => {
    const { sender, transport, clock } = setup([answer(500, '', { 'retry-after': '600' })], { deadlineMs: 60_000 })
    const find = lookup([undefined])
    expect((await actionErrorOf(sender.create(exchange(REQUEST), find))).facts.status).toBe(500)
    expect(transport.sent).toHaveLength(1)
    expect(find.looks).toBe(5)
    expect(clock.sleeps).toEqual([500, 1000, 2000, 1500])
  })

  it('after five 429s: throws the last failure without looking, since none acted', async () => {
    const { sender, transport } = setup(Array.from({ length: 5 }, () => answer(429)))
    const find = lookup()
    expect((await actionErrorOf(sender.create(exchange(REQUEST), find))).facts.status).toBe(429)
    expect(transport.sent).toHaveLength(5)
    expect(find.looks).toBe(0)
  })

  it('after refused connections to the end: throws the last one without looking', async () => {
    const last = refused()
    const { sender } = setup([refused(), refused(), refused(), refused(), last])
    const find = lookup()
    expect(await rejectionOf(sender.create(exchange(REQUEST), find))).toBe(last)
    expect(find.looks).toBe(0)
  })

  it('after a 500 then a 429: looks before the first resend only', async () => {
    const { sender, transport } = setup([answer(500), answer(429), ok('c3')])
    const find = lookup([undefined])
    expect(await sender.create(exchange(REQUEST), find)).toEqual({ value: { id: 'c3', etag: '"c3"' }, adopted: false })
    expect(transport.sent).toHaveLength(3)
    expect(find.looks).toBe(5)
  })

  describe('a create that got no answer', () => {
    const unanswered: Array<[string, Scripted, string]> = [
      ['a reset after sending', resetAfterSend(), 'could not reach http://127.0.0.1:9: connection reset (ECONNRESET)'],
      ['a timeout', timedOut(), 'no answer within 30 s'],
      ['a gateway 504', answer(504), 'HTTP 504'],
      ['a 2xx whose body broke', answer(201, '{"id":"c1","et'), 'HTTP 201'],
    ]
    for (const [what, first, reason] of unanswered) {
      it(`${what}: is never sent again; looks until it appears and adopts it`, async () => {
        const { sender, transport, clock, lines } = setup([first, ok('second')])
        const find = lookup([undefined, undefined, { id: 'c1', etag: '"1"' }])
        expect(await sender.create(exchange(REQUEST), find)).toEqual({
          value: { id: 'c1', etag: '"1"' },
          adopted: true,
        })
        expect(transport.sent).toHaveLength(1)
        expect(find.looks).toBe(3)
        expect(clock.sleeps).toEqual([500, 1000])
        expect(lines).toEqual([
          `Flow Service did not confirm the create (${reason}); looking for the connection instead of sending it again.`,
          'No new connection named "HubSpot" yet; looking again in 0.5 s.',
          'No new connection named "HubSpot" yet; looking again in 1.0 s.',
          'The connection was created although the answer was lost; adopting c1.',
        ])
      })

      it(`${what}: throws "did not confirm" with the hint when nothing appears in the window`, async () => {
        const { sender, transport, clock } = setup([first, ok('second')])
        const find = lookup(
          Array.from({ length: 20 }, () => undefined),
          10_000,
        )
        const error = await actionErrorOf(sender.create(exchange(REQUEST), find))
        // Waits of 0.5, 1, 2 and 4 s fit in the 10 s window; the next (5 s) would pass it, so the
        // last look comes at the window's end instead.
        expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 2500])
        expect(find.looks).toBe(6)
        expect(transport.sent).toHaveLength(1)
        expect(error.message).toBe(
          `Flow Service did not confirm the create (${reason}), and no new connection named "HubSpot" appeared in 10 s of looking`,
        )
        expect(error.facts).toEqual({
          kind: 'transient',
          service: 'Flow Service',
          operation: 'create connection (POST /connections)',
          hint: 'Re-run the job.',
        })
        expect(error.cause).toBeInstanceOf(Error)
      })
    }

    it('names no service when the error does not', async () => {
      const { sender } = setup([answer(201, '{}')])
      const broken: Exchange<Made> = {
        ...exchange(REQUEST),
        read: () => {
          throw new Error('unreadable')
        },
      }
      const error = await actionErrorOf(sender.create(broken, lookup([], 0)))
      expect(error.message).toMatch(/^The service did not confirm the create \(HTTP 201\), and no new connection/)
      expect(error.facts).toEqual({ kind: 'transient', hint: 'Re-run the job.' })
    })

    it('stops looking at the deadline', async () => {
      const { sender, clock } = setup([timedOut()], { deadlineMs: 2_000 })
      const find = lookup(
        Array.from({ length: 20 }, () => undefined),
        30_000,
      )
      await expect(sender.create(exchange(REQUEST), find)).rejects.toThrow(/did not confirm the create/)
      // A look needs at least 2 s of the deadline: with 2 s in all, the first look is the last.
      expect(clock.sleeps).toEqual([])
    })

    it('throws a conflict the look finds', async () => {
      const conflict = new ActionError('2 new connections named "HubSpot" appeared', { kind: 'conflict' })
      const { sender } = setup([resetAfterSend()])
      expect(await rejectionOf(sender.create(exchange(REQUEST), lookup([conflict])))).toBe(conflict)
    })
  })

  describe('when the look fails', () => {
    it("throws the create's own error, which is what the user needs", async () => {
      const lookupFailure = new ActionError('lookup failed with 503', { kind: 'transient', status: 503 })
      const { sender, transport } = setup([answer(500), ok()])
      const error = await actionErrorOf(sender.create(exchange(REQUEST), lookup([lookupFailure])))
      expect(error.message).toBe('failed with 500')
      expect(transport.sent).toHaveLength(1)
    })

    it("throws the create's own error when the last look fails", async () => {
      const { sender } = setup(Array.from({ length: 5 }, () => answer(502)))
      const find = lookup([undefined, undefined, undefined, undefined, new Error('lookup broke')])
      expect((await actionErrorOf(sender.create(exchange(REQUEST), find))).facts.status).toBe(502)
    })

    it('throws a conflict the look found (two new ones), as it is', async () => {
      const conflict = new ActionError('2 new connections named "HubSpot" appeared', { kind: 'conflict' })
      const { sender, transport } = setup([answer(503), ok()])
      expect(await rejectionOf(sender.create(exchange(REQUEST), lookup([conflict])))).toBe(conflict)
      expect(transport.sent).toHaveLength(1)
    })

    it('throws a conflict found by the last look, as it is', async () => {
      const conflict = new ActionError('two new ones', { kind: 'conflict' })
      const { sender } = setup([answer(500, '', { 'retry-after': '600' })], { deadlineMs: 60_000 })
      expect(await rejectionOf(sender.create(exchange(REQUEST), lookup([conflict])))).toBe(conflict)
    })
  })

  describe('after a 401', () => {
    it('sends the create again with renewed credentials: the gateway refused it before the service acted', async () => {
      let renewals = 0
      const request = { ...REQUEST, headers: { authorization: 'Bearer old' } }
      const { sender, transport } = setup([answer(401), ok('c1')])
      const find = lookup()
      const created = await sender.create(
        exchange(request, async () => {
          renewals++
          return { authorization: 'Bearer new' }
        }),
        find,
      )
      expect(created).toEqual({ value: { id: 'c1', etag: '"c1"' }, adopted: false })
      expect(renewals).toBe(1)
      expect(find.looks).toBe(0)
      expect(transport.sent.map((sent) => sent.headers['authorization'])).toEqual(['Bearer old', 'Bearer new'])
    })

    it('throws the 401 when no fresh credential is to be had', async () => {
      const { sender, transport } = setup([answer(401), ok()])
      const error = await actionErrorOf(
        sender.create(
          exchange(REQUEST, async () => undefined),
          lookup(),
        ),
      )
      expect(error.facts.status).toBe(401)
      expect(transport.sent).toHaveLength(1)
    })
  })

  it('lets an error that is not a transport error through at once', async () => {
    const bug = new TypeError('a bug')
    const { sender } = setup([bug])
    expect(await rejectionOf(sender.create(exchange(REQUEST), lookup()))).toBe(bug)
  })

  it('keeps TransportError a kind of ActionError', () => {
    expect(resetAfterSend()).toBeInstanceOf(ActionError)
    expect(resetAfterSend()).toBeInstanceOf(TransportError)
  })
})
