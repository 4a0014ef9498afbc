import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ActionError } from '../../../src/core/errors.js'
import type { CreateLookup } from '../../../src/core/sender.js'
import {
  expiresIn,
  failedResponse,
  kindForStatus,
  parseJsonObject,
  ServiceClient,
  stringField,
  unexpectedAnswer,
  type Call,
  type ServiceDescription,
  type ServiceErrorDetails,
} from '../../../src/core/service-client.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import type { HttpRequest } from '../../../src/core/transport.js'
import { actionErrorOf, answer, scriptedStack, ScriptedTransport, type Scripted } from '../helpers/stack.js'

const SERVICE: ServiceDescription = {
  name: 'Flow Service',
  requestIdHeader: 'x-request-id',
  errorDetails: (body) => {
    const json = parseJsonObject(body)
    return json ? { code: stringField(json, 'code'), message: stringField(json, 'message') } : {}
  },
}

/** ServiceClient's protected calls, made public. */
class TestClient extends ServiceClient {
  call<S extends z.ZodType>(call: Call, schema: S) {
    return this.send(call, schema)
  }
  create<S extends z.ZodType<{ id: string }>>(call: Call, schema: S, lookup: CreateLookup<z.output<S>>) {
    return this.sendCreate(call, schema, lookup)
  }
  exchangeOf<S extends z.ZodType>(call: Call, schema: S) {
    return this.exchange(call, schema)
  }
}

function client(script: Scripted[] = [], secrets = new SecretRegistry(() => undefined)) {
  const transport = new ScriptedTransport(script)
  const stack = scriptedStack(transport)
  return { transport, client: new TestClient(SERVICE, stack.sender, secrets) }
}

const GET: Call = { operation: 'list connections (GET /connections)', method: 'GET', url: 'http://127.0.0.1:9/c' }
const Items = z.object({ items: z.array(z.object({ id: z.string() })) })

describe('ServiceClient requests', () => {
  it('names the service and the operation, and asks for JSON', async () => {
    const { client: c, transport } = client([answer(200, { items: [] })])
    await c.call(GET, Items)
    expect(transport.sent[0]).toEqual({
      service: 'Flow Service',
      operation: 'list connections (GET /connections)',
      method: 'GET',
      url: 'http://127.0.0.1:9/c',
      headers: { accept: 'application/json' },
      resend: 'idempotent',
    })
  })

  it('sends JSON bodies and form bodies with their content type; given headers win', async () => {
    const { client: c, transport } = client([answer(200, {}), answer(200, {})])
    await c.call({ ...GET, method: 'PUT', json: { a: 1 }, headers: { accept: 'text/plain', 'x-a': 'b' } }, z.object({}))
    await c.call({ ...GET, method: 'POST', form: { a: '1 2', b: '&' }, resend: 'never' }, z.object({}))
    expect(transport.sent[0]).toMatchObject({
      headers: { accept: 'text/plain', 'content-type': 'application/json', 'x-a': 'b' },
      body: '{"a":1}',
      resend: 'idempotent',
    })
    expect(transport.sent[1]).toMatchObject({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1+2&b=%26',
      resend: 'never',
    })
  })

  it('sends no body and no content type when there is none', async () => {
    const { client: c, transport } = client([answer(200, {})])
    await c.call(GET, z.object({}))
    expect(transport.sent[0]).not.toHaveProperty('body')
    expect(transport.sent[0]!.headers).not.toHaveProperty('content-type')
  })

  it('treats GET, PUT and PATCH with If-Match as idempotent, and asks about everything else', () => {
    const { client: c } = client()
    const resendOf = (call: Call) => c.exchangeOf(call, z.unknown()).request.resend
    expect(resendOf(GET)).toBe('idempotent')
    expect(resendOf({ ...GET, method: 'PUT' })).toBe('idempotent')
    expect(resendOf({ ...GET, method: 'PATCH', headers: { 'if-match': '"1"' } })).toBe('idempotent')
    expect(resendOf({ ...GET, method: 'POST', resend: 'never' })).toBe('never')
    expect(() => resendOf({ ...GET, method: 'PATCH' })).toThrow(
      'list connections (GET /connections): say whether a PATCH may be sent again (resend)',
    )
    expect(() => resendOf({ ...GET, method: 'POST' })).toThrow(/say whether a POST may be sent again/)
    expect(() => resendOf({ ...GET, method: 'DELETE' })).toThrow(/say whether a DELETE may be sent again/)
  })

  it("sends a create through Sender.create, whatever the call's resend says", async () => {
    const { client: c, transport } = client([answer(201, { id: 'c1' })])
    const created = await c.create({ ...GET, method: 'POST', resend: 'never' }, z.object({ id: z.string() }), {
      noun: 'connection',
      name: 'HubSpot',
      unconfirmedHint: '',
      windowMs: 0,
      find: async () => undefined,
    })
    expect(created).toEqual({ value: { id: 'c1' }, adopted: false })
    expect(transport.sent[0]!.resend).toBe('after-lookup')
  })

  it('passes renewAuth on to the sender', async () => {
    const { client: c, transport } = client([answer(401), answer(200, { items: [] })])
    await c.call({ ...GET, renewAuth: async () => ({ authorization: 'Bearer new' }) }, Items)
    expect(transport.sent[1]!.headers['authorization']).toBe('Bearer new')
    expect(c.exchangeOf(GET, Items)).not.toHaveProperty('renewAuth')
  })
})

describe('ServiceClient answers', () => {
  it('decodes a 2xx answer with the schema, transforms included', async () => {
    const { client: c } = client([answer(200, { n: '7' })])
    expect(await c.call(GET, z.object({ n: z.string().transform(Number) }))).toEqual({ n: 7 })
  })

  it('treats any 2xx as success, and an empty body as no value', async () => {
    const { client: c } = client([answer(204, ''), answer(299, '[1]')])
    expect(await c.call(GET, z.undefined())).toBeUndefined()
    expect(await c.call(GET, z.array(z.number()))).toEqual([1])
  })

  it('says an answer that is not JSON is broken, with the request id, as transient', async () => {
    const { client: c, transport } = client([answer(200, '{"items": [', { 'x-request-id': 'req-7' })])
    const error = await actionErrorOf(c.call(GET, Items))
    expect(error.message).toBe('the answer is not valid JSON')
    expect(error.facts).toEqual({
      kind: 'transient',
      service: 'Flow Service',
      operation: 'list connections (GET /connections)',
      status: 200,
      requestId: 'req-7',
      hint: 'Flow Service sent a broken answer; re-run the job. If it keeps happening, check for a proxy rewriting answers.',
    })
    // Broken answers to idempotent calls are not retried: the sender retries statuses, not bodies.
    expect(transport.sent).toHaveLength(1)
  })

  it('leaves the request id out when the broken answer has none', async () => {
    const { client: c } = client([answer(200, 'not json')])
    expect((await actionErrorOf(c.call(GET, Items))).facts).not.toHaveProperty('requestId')
  })

  it('says where an answer of the wrong shape breaks it', async () => {
    const cases: Array<[unknown, string]> = [
      [{ items: 'x' }, 'at items, Invalid input: expected array, received string'],
      [{ items: [{ id: 1 }] }, 'at items.0.id, Invalid input: expected string, received number'],
      [[], 'Invalid input: expected object, received array'],
      ['', 'Invalid input: expected object, received undefined'],
    ]
    for (const [body, what] of cases) {
      const { client: c } = client([answer(200, body)])
      const error = await actionErrorOf(c.call(GET, Items))
      expect(error.message).toBe(`the answer does not have the expected shape: ${what}`)
      expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Flow Service', status: 200 })
      expect(error.facts.hint).toMatch(/^Flow Service answered in a way this action does not expect/)
    }
  })

  it("builds a failure from the service's error body", async () => {
    const { client: c } = client([answer(403, { code: 'E-1', message: 'no  access\nhere' }, { 'x-request-id': 'r-1' })])
    const error = await actionErrorOf(c.call(GET, Items))
    expect(error.message).toBe('no access here')
    expect(error.facts).toEqual({
      kind: 'permission',
      service: 'Flow Service',
      operation: 'list connections (GET /connections)',
      status: 403,
      code: 'E-1',
      requestId: 'r-1',
    })
  })

  it('lets the call refine the details before the error is built', async () => {
    const seen: number[] = []
    const refine = (details: ServiceErrorDetails, response: { status: number }) => {
      seen.push(response.status)
      return { ...details, hint: 'refined' }
    }
    const { client: c } = client([answer(400, { message: 'bad' })])
    const error = await actionErrorOf(c.call({ ...GET, refine }, Items))
    expect(error.facts.hint).toBe('refined')
    expect(seen).toEqual([400])
  })
})

const REQUEST: HttpRequest = {
  service: 'HubSpot OAuth',
  operation: 'refresh access token',
  method: 'POST',
  url: 'http://127.0.0.1:9/token',
  headers: {},
  resend: 'idempotent',
}
const none = new SecretRegistry(() => undefined)

describe('failedResponse', () => {
  it('scrubs every known secret from what the server said, before cutting it', () => {
    const secrets = new SecretRegistry(() => undefined)
    const secret = 'hs-secret-value'
    secrets.register(secret)
    const error = failedResponse(
      REQUEST,
      answer(400),
      { message: `bad ${secret} and ${encodeURIComponent(secret)}`, code: `C-${secret}`, requestId: `R-${secret}` },
      secrets,
      'x-request-id',
    )
    expect(error.message).toBe('bad *** and ***')
    expect(error.facts).toMatchObject({ code: 'C-***', requestId: 'R-***' })
  })

  it('flattens the message to one line and cuts it at 500 characters', () => {
    const long = `${'a'.repeat(300)}\n\t  ${'b'.repeat(300)}`
    const error = failedResponse(REQUEST, answer(400), { message: long }, none, 'x-request-id')
    expect(error.message).toBe(`${'a'.repeat(300)} ${'b'.repeat(199)}…`)
    expect(failedResponse(REQUEST, answer(400), { message: '  x  ' }, none, 'x').message).toBe('x')
  })

  it('says when the answer carried no message', () => {
    expect(failedResponse(REQUEST, answer(418), {}, none, 'x').message).toBe('the answer carried no error message')
  })

  it('names a redirect it did not follow, scrubbed', () => {
    const secrets = new SecretRegistry(() => undefined)
    secrets.register('tok123')
    const to = failedResponse(
      REQUEST,
      answer(302, '', { location: 'https://elsewhere.example/?t=tok123' }),
      {},
      secrets,
      'x',
    )
    expect(to.message).toBe('unexpected redirect to https://elsewhere.example/?t=***; redirects are not followed')
    expect(failedResponse(REQUEST, answer(307), {}, none, 'x').message).toBe(
      'unexpected redirect to nowhere; redirects are not followed',
    )
    expect(failedResponse(REQUEST, answer(302), { message: 'moved' }, none, 'x').message).toBe('moved')
  })

  it('takes the request id from the body, else from the header', () => {
    const response = answer(500, '', { 'x-hubspot-correlation-id': 'hdr' })
    expect(failedResponse(REQUEST, response, {}, none, 'x-hubspot-correlation-id').facts.requestId).toBe('hdr')
    expect(
      failedResponse(REQUEST, response, { requestId: 'body' }, none, 'x-hubspot-correlation-id').facts.requestId,
    ).toBe('body')
    expect(failedResponse(REQUEST, answer(500), {}, none, 'x-request-id').facts).not.toHaveProperty('requestId')
    const repeated = { status: 500, headers: { 'x-request-id': ['first', 'second'] as never }, body: '' }
    expect(failedResponse(REQUEST, repeated, {}, none, 'x-request-id').facts.requestId).toBe('first')
  })

  it('keeps Retry-After for a caller that retries the whole operation', () => {
    expect(failedResponse(REQUEST, answer(429, '', { 'retry-after': '30' }), {}, none, 'x').facts.retryAfter).toBe('30')
    expect(failedResponse(REQUEST, answer(429), {}, none, 'x').facts).not.toHaveProperty('retryAfter')
  })

  it("hints at a re-run for transient failures, unless the service's hint says more", () => {
    expect(failedResponse(REQUEST, answer(503), {}, none, 'x').facts.hint).toBe(
      'HubSpot OAuth is unavailable or overloaded; re-run the job in a few minutes.',
    )
    expect(failedResponse(REQUEST, answer(503), { hint: 'specific' }, none, 'x').facts.hint).toBe('specific')
    expect(failedResponse(REQUEST, answer(400), {}, none, 'x').facts).not.toHaveProperty('hint')
    expect(failedResponse(REQUEST, answer(400), { code: '' }, none, 'x').facts).not.toHaveProperty('code')
  })
})

describe('kindForStatus', () => {
  const table: Array<[number, string]> = [
    [400, 'unexpected'],
    [401, 'auth'],
    [403, 'permission'],
    [404, 'not-found'],
    [408, 'transient'],
    [409, 'conflict'],
    [412, 'conflict'],
    [422, 'unexpected'],
    [429, 'transient'],
    [500, 'transient'],
    [504, 'transient'],
    [302, 'unexpected'],
  ]
  for (const [status, kind] of table) it(`${status} → ${kind}`, () => expect(kindForStatus(status)).toBe(kind))
})

describe('unexpectedAnswer', () => {
  it('says the answer has the wrong shape, with or without a status', () => {
    const error = unexpectedAnswer({ service: 'Catalog', operation: 'read dataset' }, 'no id')
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe('the answer does not have the expected shape: no id')
    expect(error.facts).not.toHaveProperty('status')
    expect(unexpectedAnswer({ service: 'Catalog', operation: 'x' }, 'y', 200).facts.status).toBe(200)
  })
})

describe('error body helpers', () => {
  it('parses JSON objects only', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 })
    for (const text of ['[1]', 'null', '"s"', '3', '<html>', '']) expect(parseJsonObject(text), text).toBeUndefined()
  })

  it('reads a non-empty string, or a number as text, at a path', () => {
    const body = { a: { b: 'x', n: 0, empty: '', flag: true, nested: null } }
    expect(stringField(body, 'a', 'b')).toBe('x')
    expect(stringField(body, 'a', 'n')).toBe('0')
    expect(stringField(body, 'a', 'empty')).toBeUndefined()
    expect(stringField(body, 'a', 'flag')).toBeUndefined()
    expect(stringField(body, 'a', 'nested', 'deeper')).toBeUndefined()
    expect(stringField(body, 'a', 'b', 'c')).toBeUndefined()
    expect(stringField('plain')).toBe('plain')
  })
})

describe('expiresIn', () => {
  const table: Array<[unknown, number | undefined]> = [
    [1800, 1800],
    ['86399', 86399],
    ['', undefined],
    ['soon', undefined],
    [undefined, undefined],
    [null, undefined],
    [Number.POSITIVE_INFINITY, undefined],
  ]
  for (const [value, expected] of table) {
    it(`reads ${JSON.stringify(value) ?? 'undefined'} as ${String(expected)}`, () =>
      expect(expiresIn().parse(value)).toBe(expected))
  }
})
