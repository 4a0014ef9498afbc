import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import {
  connectionBody,
  formPost,
  http,
  HUBSPOT_REFRESH_FIELDS,
  IMS_FIELDS,
  platform,
  platformHeaders,
  UUID,
} from './helpers.js'
import { BASE_PATH, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const CONNECTIONS = `${BASE_PATH}/connections`
const imsToken = () => http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS))
const lastRecord = () => emu.requests.at(-1)!
const UUID_ZERO = '00000000-0000-0000-0000-000000000000'

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("'status' faults", () => {
  it('platform: the fitting FLOW error by default, before any gateway check, with extra headers', async () => {
    emu.injectFault({ service: 'platform', kind: 'status', status: 503, headers: { 'Retry-After': '1' } })
    const res = await http(`${emu.urls.platform}${CONNECTIONS}`) // no credentials at all
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1103-503')
    expect(res.json.report['request-id']).toBe(res.headers.get('x-request-id'))
    expect(lastRecord().status).toBe(503)
    // consumed: back to normal gateway behaviour
    expect((await http(`${emu.urls.platform}${CONNECTIONS}`)).status).toBe(403)
  })

  it.each([
    [500, 'FLOW-1102-500'],
    [504, 'FLOW-1104-504'],
  ])('platform %i defaults to %s', async (status, type) => {
    emu.injectFault({ service: 'platform', kind: 'status', status })
    const res = await platform(emu, 'GET', '/connections')
    expect(res.status).toBe(status)
    expect(res.json.type).toBe(`https://ns.adobe.com/aep/errors/${type}`)
  })

  it('matches method and path (exact or regex) and applies `times` times', async () => {
    emu.injectFault({ service: 'platform', method: 'post', path: CONNECTIONS, kind: 'status', status: 500, times: 2 })
    expect((await platform(emu, 'GET', '/connections')).status).toBe(200) // other method: untouched
    expect((await platform(emu, 'POST', '/connections', { body: connectionBody('a') })).status).toBe(500)
    expect((await platform(emu, 'POST', '/connections', { body: connectionBody('a') })).status).toBe(500)
    expect((await platform(emu, 'POST', '/connections', { body: connectionBody('a') })).status).toBe(201)
    expect(emu.connections()).toHaveLength(1)

    emu.injectFault({
      service: 'platform',
      path: /\/connections\/[^/]+\/?$/,
      kind: 'status',
      status: 429,
      body: '{"custom":true}',
    })
    expect((await platform(emu, 'GET', '/connections')).status).toBe(200) // regex does not match the collection
    const res = await platform(emu, 'GET', `/connections/${emu.connections()[0]!.id}`)
    expect(res.status).toBe(429)
    expect(res.json).toEqual({ custom: true })
  })

  it('IMS and HubSpot get their own default error shapes; other services are unaffected', async () => {
    emu.injectFault({ service: 'ims', kind: 'status', status: 500 })
    emu.injectFault({ service: 'hubspot', kind: 'status', status: 503 })
    expect((await platform(emu, 'GET', '/connections')).status).toBe(200)

    const ims = await imsToken()
    expect(ims.status).toBe(500)
    expect(ims.json).toEqual({ error: 'internal_error', error_description: 'Please try again later' })

    const hub = await http(`${emu.urls.hubspot}/oauth/2026-03/token`, formPost(HUBSPOT_REFRESH_FIELDS))
    expect(hub.status).toBe(503)
    expect(hub.json.correlationId).toMatch(UUID)
    expect(hub.json.message).toEqual(expect.any(String))
    expect(hub.json.category).toEqual(expect.any(String))
  })

  it('clearFaults() drops pending faults', async () => {
    emu.injectFault({ service: 'ims', kind: 'status', status: 500, times: 5 })
    emu.clearFaults()
    expect((await imsToken()).status).toBe(200)
  })
})

describe('transport faults', () => {
  it("'delay' waits, then answers normally", async () => {
    emu.injectFault({ service: 'ims', kind: 'delay', delayMs: 300 })
    const started = Date.now()
    const res = await imsToken()
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(res.status).toBe(200)
    expect(res.json.token_type).toBe('bearer')
  })

  it("'stall' never answers: the request stays open until the client gives up; status 0", async () => {
    emu.injectFault({ service: 'hubspot', kind: 'stall' })
    const attempt = fetch(`${emu.urls.hubspot}/oauth/2026-03/token`, {
      ...formPost(HUBSPOT_REFRESH_FIELDS),
      signal: AbortSignal.timeout(300),
    })
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' })
    expect(lastRecord().service).toBe('hubspot')
    expect(lastRecord().status).toBe(0)
  })

  it("'reset' destroys the connection without an answer", async () => {
    emu.injectFault({ service: 'ims', kind: 'reset' })
    await expect(imsToken()).rejects.toThrow(/fetch failed/)
    expect(lastRecord().status).toBe(0)
    expect((await imsToken()).status).toBe(200)
  })

  it("'commit-then-reset' performs the create but the client never sees the response", async () => {
    emu.injectFault({ service: 'platform', method: 'POST', path: CONNECTIONS, kind: 'commit-then-reset' })
    await expect(platform(emu, 'POST', '/connections', { body: connectionBody('ghost') })).rejects.toThrow(
      /fetch failed/,
    )
    expect(emu.connections().map((c) => c.name)).toEqual(['ghost'])
    expect(lastRecord().status).toBe(0)
    expect(lastRecord().body).toContain('ghost')
  })

  it("'malformed' answers 200 application/json with a truncated JSON body", async () => {
    emu.injectFault({ service: 'platform', kind: 'malformed' })
    const res = await fetch(`${emu.urls.platform}${CONNECTIONS}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const text = await res.text()
    expect(text.length).toBeGreaterThan(0)
    expect(() => JSON.parse(text)).toThrow()
    expect(lastRecord().status).toBe(200)
  })

  it("'malformed' lets the request take effect: a POST /connections is stored, its 201 body cut off", async () => {
    emu.injectFault({ service: 'platform', method: 'POST', path: CONNECTIONS, kind: 'malformed' })
    const res = await platform(emu, 'POST', '/connections', { body: connectionBody('corrupted') })
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.json).toBeUndefined() // not parseable
    const [stored, ...more] = emu.connections()
    expect(more).toEqual([])
    expect(stored!.name).toBe('corrupted')
    // the cut-off body is the beginning of the real answer: {"id":"<the new id>",…
    expect(res.text.length).toBeGreaterThan(0)
    expect(`{"id":"${stored!.id}","etag":${JSON.stringify(stored!.etag)}}`.startsWith(res.text)).toBe(true)
    expect(lastRecord().status).toBe(201)
    // consumed: the next create answers normally
    expect((await platform(emu, 'POST', '/connections', { body: connectionBody('next') })).status).toBe(201)
  })

  it("'malformed' on a token request: the token is issued, the answer cut off in the middle of it", async () => {
    emu.injectFault({ service: 'ims', kind: 'malformed' })
    const res = await imsToken()
    expect(res.status).toBe(200)
    expect(res.json).toBeUndefined()
    const [issued, ...more] = emu.issuedTokens()
    expect(more).toEqual([])
    expect(res.text).toMatch(/^\{"access_token":"eyJ/)
    expect(issued!.startsWith(res.text.slice('{"access_token":"'.length))).toBe(true)
  })

  it("'malformed' on a request that failed still answers 200 with a truncated JSON body; nothing changes", async () => {
    emu.injectFault({ service: 'platform', method: 'DELETE', kind: 'malformed' })
    const res = await platform(emu, 'DELETE', `/connections/${UUID_ZERO}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.text.length).toBeGreaterThan(0)
    expect(res.json).toBeUndefined()
  })

  it('a delayed request takes effect even when the client gave up first (late commit); status 0', async () => {
    emu.injectFault({ service: 'platform', method: 'POST', path: CONNECTIONS, kind: 'delay', delayMs: 400 })
    const attempt = fetch(`${emu.urls.platform}${CONNECTIONS}`, {
      method: 'POST',
      headers: { ...platformHeaders(emu), 'content-type': 'application/json' },
      body: JSON.stringify(connectionBody('late')),
      signal: AbortSignal.timeout(100),
    })
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' })
    expect(emu.connections()).toEqual([]) // still held
    await waitFor(() => emu.connections().length > 0, 3_000)
    expect(emu.connections().map((c) => c.name)).toEqual(['late'])
    const post = emu.requests.find((r) => r.method === 'POST')!
    expect(post.body).toContain('late')
    expect(post.status).toBe(0) // the client was gone: never answered
  })

  it("'redirect' answers 307 with Location (default: the same URL), or the given status and location", async () => {
    emu.injectFault({ service: 'ims', kind: 'redirect' })
    const manual = await fetch(`${emu.urls.ims}/ims/token/v3`, { ...formPost(IMS_FIELDS), redirect: 'manual' })
    expect(manual.status).toBe(307)
    expect(manual.headers.get('location')).toBe('/ims/token/v3')

    // fetch follows a 307 with the same method and body; the second request is handled normally.
    emu.injectFault({ service: 'ims', kind: 'redirect' })
    const followed = await imsToken()
    expect(followed.status).toBe(200)
    expect(emu.requests.slice(-2).map((r) => r.status)).toEqual([307, 200])

    emu.injectFault({
      service: 'platform',
      kind: 'redirect',
      status: 302,
      location: 'https://platform.example.invalid/elsewhere',
    })
    const custom = await fetch(`${emu.urls.platform}${CONNECTIONS}`, { redirect: 'manual' })
    expect(custom.status).toBe(302)
    expect(custom.headers.get('location')).toBe('https://platform.example.invalid/elsewhere')
  })

  it('a fault that cannot be sent (invalid header) drops the connection; the emulator keeps serving', async () => {
    emu.injectFault({ service: 'ims', kind: 'status', status: 500, headers: { 'x-broken': 'line\nbreak' } })
    await expect(imsToken()).rejects.toThrow(/fetch failed/)
    expect((await imsToken()).status).toBe(200)
  })

  it('rejects a delay fault without delayMs', () => {
    expect(() => emu.injectFault({ service: 'ims', kind: 'delay' })).toThrow(/delayMs/)
  })
})
