import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import {
  catalog,
  connectionBody,
  createDataflow,
  flowBody,
  flowCode,
  formPost,
  http,
  IMS_FIELDS,
  platform,
  platformHeaders,
} from './helpers.js'
import { BASE_PATH, DEMO, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const FLOWS = `${BASE_PATH}/flows`

/** Reads a response body to the end, counting bytes without keeping more than `keep` of them. */
async function drain(res: Response, keep = 64): Promise<{ bytes: number; head: string; tail: string }> {
  const reader = res.body!.getReader()
  let bytes = 0
  let head = ''
  let tail = ''
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.length
    const text = decoder.decode(value)
    if (head.length < keep) head += text.slice(0, keep - head.length)
    tail = (tail + text).slice(-keep)
  }
  return { bytes, head, tail }
}

describe('fault injection on the new routes', () => {
  it('path-based faults hit /flows and the Catalog like any other route', async () => {
    emu.injectFault({ service: 'platform', method: 'GET', path: FLOWS, kind: 'status', status: 503 })
    const flows = await platform(emu, 'GET', '/flows')
    expect(flows.status).toBe(503)
    expect(flowCode(flows)).toBe('1103-503')
    expect((await platform(emu, 'GET', '/flows')).status).toBe(200)

    emu.injectFault({ service: 'platform', path: /^\/data\/foundation\/catalog\//, kind: 'status', status: 429 })
    const dataset = await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`)
    expect(dataset.status).toBe(429)
    expect((await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`)).status).toBe(200)
  })
})

describe("'body'", () => {
  it('the request takes effect; the answer keeps status and Location but carries the given body', async () => {
    const hostile = '{"id":"../../../etc/passwd","etag":"not-quoted","extra":{"__proto__":{"polluted":true}}}'
    emu.injectFault({
      service: 'platform',
      method: 'POST',
      path: `${BASE_PATH}/connections`,
      kind: 'body',
      body: hostile,
    })
    const res = await platform(emu, 'POST', '/connections', { body: connectionBody('real') })
    expect(res.status).toBe(201)
    expect(res.text).toBe(hostile)
    expect(res.headers.get('content-type')).toBe('application/json')
    const [stored] = emu.connections()
    expect(stored!.name).toBe('real')
    expect(res.headers.get('location')).toContain(stored!.id)
    expect(emu.requests.at(-1)!.status).toBe(201)
  })

  it('works on a failing request too (its status is kept) and takes headers', async () => {
    emu.injectFault({
      service: 'platform',
      path: /\/flows\/[^/]+$/,
      kind: 'body',
      body: '<html>gateway</html>',
      headers: { 'Content-Type': 'text/html' },
    })
    const res = await platform(emu, 'GET', '/flows/00000000-0000-4000-8000-000000000000')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('text/html')
    expect(res.text).toBe('<html>gateway</html>')
  })

  it('needs a body', () => {
    expect(() => emu.injectFault({ service: 'platform', kind: 'body' })).toThrow(/body/)
  })
})

describe("'oversized'", () => {
  it('200 with valid JSON of exactly `bytes` bytes, without handling the request', async () => {
    const bytes = 3 * 1024 * 1024 + 7
    emu.injectFault({ service: 'platform', method: 'POST', path: `${BASE_PATH}/connections`, kind: 'oversized', bytes })
    const res = await fetch(`${emu.urls.platform}${BASE_PATH}/connections`, {
      method: 'POST',
      headers: { ...platformHeaders(emu), 'content-type': 'application/json' },
      body: JSON.stringify(connectionBody('never')),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('content-length')).toBe(String(bytes))
    const text = await res.text()
    expect(Buffer.byteLength(text)).toBe(bytes)
    expect(JSON.parse(text)).toMatchObject({ items: [] })
    expect(emu.connections()).toEqual([])
    expect(emu.requests.at(-1)!.status).toBe(200)
  })

  it('defaults to 50 MiB, streamed; tiny sizes are still valid JSON', async () => {
    emu.injectFault({ service: 'platform', kind: 'oversized' })
    const big = await drain(await fetch(`${emu.urls.platform}${BASE_PATH}/connections`))
    expect(big.bytes).toBe(50 * 1024 * 1024)
    expect(big.head).toMatch(/^\{"items":\[\],"padding":"x+$/)
    expect(big.tail).toMatch(/x"\}$/)

    emu.injectFault({ service: 'ims', kind: 'oversized', bytes: 10, status: 201 })
    const small = await http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS))
    expect(small.status).toBe(201)
    expect(small.text).toBe('{}        ')
    expect(small.json).toEqual({})
    expect(() => emu.injectFault({ service: 'ims', kind: 'oversized', bytes: 1 })).toThrow(/bytes/)
  })

  it('a client that gives up mid-body does not stall the emulator', async () => {
    emu.injectFault({ service: 'platform', kind: 'oversized', bytes: 200 * 1024 * 1024 })
    const controller = new AbortController()
    const res = await fetch(`${emu.urls.platform}${BASE_PATH}/connections`, { signal: controller.signal })
    const reader = res.body!.getReader()
    let read = 0
    while (read < 1024 * 1024) read += (await reader.read()).value!.length
    controller.abort()
    await reader.closed.catch(() => undefined)
    const after = await platform(emu, 'GET', '/connections')
    expect(after.status).toBe(200)
  })
})

describe("'fail-then-commit'", () => {
  it('POST /flows answers 500 and the flow appears only after the next lookup missed it', async () => {
    const df = await createDataflow(emu)
    emu.injectFault({ service: 'platform', method: 'POST', path: FLOWS, kind: 'fail-then-commit' })
    const body = { ...flowBody({ source: df.source, target: df.target, mappingId: df.mappingId }), name: 'late flow' }
    const failed = await platform(emu, 'POST', '/flows', { body })
    expect(failed.status).toBe(500)
    expect(flowCode(failed)).toBe('1102-500')
    const lookup = '/flows?property=name==late%20flow'
    expect((await platform(emu, 'GET', lookup)).json.items).toEqual([]) // the product's lookup misses it
    const again = await platform(emu, 'GET', lookup)
    expect(again.json.items.map((f: { name: string }) => f.name)).toEqual(['late flow'])
    expect(emu.flows().filter((f) => f.name === 'late flow')).toHaveLength(1)
    expect(emu.requests.find((r) => r.method === 'POST' && r.path === FLOWS && r.status === 500)).toBeDefined()
  })

  it('counts only requests to the same service; afterRequests and status are configurable', async () => {
    emu.injectFault({
      service: 'platform',
      method: 'POST',
      path: `${BASE_PATH}/connections`,
      kind: 'fail-then-commit',
      status: 503,
      afterRequests: 2,
    })
    const res = await platform(emu, 'POST', '/connections', { body: connectionBody('eventually') })
    expect(res.status).toBe(503)
    await http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS)) // another service: not counted
    await platform(emu, 'GET', '/connections')
    expect(emu.connections()).toEqual([])
    await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`) // same listener, counted
    expect(emu.connections().map((c) => c.name)).toEqual(['eventually'])
  })

  it('afterRequests 0 commits right after the failure answer; reset() drops a commit not yet made', async () => {
    emu.injectFault({
      service: 'platform',
      path: `${BASE_PATH}/connections`,
      kind: 'fail-then-commit',
      afterRequests: 0,
    })
    expect((await platform(emu, 'POST', '/connections', { body: connectionBody('now') })).status).toBe(500)
    expect(emu.connections().map((c) => c.name)).toEqual(['now'])

    emu.injectFault({ service: 'platform', path: `${BASE_PATH}/connections`, kind: 'fail-then-commit' })
    await platform(emu, 'POST', '/connections', { body: connectionBody('dropped') })
    emu.reset()
    await platform(emu, 'GET', '/connections')
    await platform(emu, 'GET', '/connections')
    expect(emu.connections()).toEqual([])
    expect(() => emu.injectFault({ service: 'platform', kind: 'fail-then-commit', afterRequests: -1 })).toThrow(
      /afterRequests/,
    )
  })
})
