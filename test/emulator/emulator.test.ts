import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { connectionBody, formPost, http, HUBSPOT_REFRESH_FIELDS, IMS_FIELDS, platform, UUID } from './helpers.js'
import { BASE_PATH, DEMO, startEmulator, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

describe('DEMO credentials', () => {
  it('are complete, shaped like real ones, and their secrets contain escaping-sensitive characters', () => {
    expect(DEMO.adobe.orgId).toMatch(/^[0-9A-F]{24}@AdobeOrg$/)
    expect(DEMO.adobe.clientId).toMatch(/^[0-9a-f]{32}$/)
    expect(DEMO.adobe.sandboxes).toEqual(['prod', 'dev'])
    expect(DEMO.hubspot.clientId).toMatch(UUID)
    for (const secret of [DEMO.adobe.clientSecret, DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken]) {
      for (const ch of ['+', '/', '=', '%', '&', ' ', '"', '\\', 'é']) expect(secret).toContain(ch)
    }
  })
})

describe('listeners and responses', () => {
  it('three separate 127.0.0.1 listeners, URLs without trailing slash', () => {
    const urls = Object.values(emu.urls)
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(new Set(urls.map((u) => new URL(u).port)).size).toBe(3)
  })

  it('every response of every service carries a fresh uuid x-request-id', async () => {
    const responses = await Promise.all([
      http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS)),
      http(`${emu.urls.ims}/nowhere`),
      http(`${emu.urls.hubspot}/oauth/2026-03/token`, formPost(HUBSPOT_REFRESH_FIELDS)),
      http(`${emu.urls.platform}${BASE_PATH}/connections`),
      platform(emu, 'GET', '/connections'),
    ])
    const ids = responses.map((r) => r.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(UUID)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('request recording', () => {
  it('records every request in order with service, method, path, decoded query, raw URL, headers, body and status', async () => {
    await http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS))
    await platform(emu, 'POST', '/connections', { body: connectionBody('rec') })
    await platform(emu, 'GET', `/connections?property=${encodeURIComponent('name==a&b, c')}&limit=2`, {
      sandbox: 'dev',
    })

    const [ims, create, list] = emu.requests
    expect(emu.requests).toHaveLength(3)
    expect(ims).toMatchObject({ service: 'ims', method: 'POST', path: '/ims/token/v3', query: [], status: 200 })
    expect(ims!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(ims!.body).toBe(new URLSearchParams(IMS_FIELDS).toString())

    expect(create).toMatchObject({ service: 'platform', method: 'POST', path: `${BASE_PATH}/connections`, status: 201 })
    expect(JSON.parse(create!.body).name).toBe('rec')

    expect(list!.query).toEqual([
      ['property', 'name==a&b, c'],
      ['limit', '2'],
    ])
    expect(list!.rawUrl).toBe(`${BASE_PATH}/connections?property=name%3D%3Da%26b%2C%20c&limit=2`)
    expect(list!.headers['x-sandbox-name']).toBe('dev')
    expect(list!.status).toBe(200)
  })

  it('clearRequests() empties the log; the returned array is a snapshot', async () => {
    await http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS))
    const snapshot = emu.requests
    emu.clearRequests()
    expect(emu.requests).toEqual([])
    expect(snapshot).toHaveLength(1)
  })
})

describe('test hooks', () => {
  it('connections() returns deep copies, across sandboxes or for one', async () => {
    emu.seedConnection({ name: 'p' })
    emu.seedConnection({ name: 'd', sandbox: 'dev', description: 'dev one' })
    const copy = emu.connections()
    expect(copy.map((c) => c.name)).toEqual(['p', 'd'])
    copy[0]!.auth.params.clientSecret = 'mutated'
    copy[0]!.name = 'mutated'
    expect(emu.connections('prod')[0]!.name).toBe('p')
    expect(emu.connections('prod')[0]!.auth.params.clientSecret).toBe(DEMO.hubspot.clientSecret)
    expect(emu.connections('dev').map((c) => c.description)).toEqual(['dev one'])
  })

  it('seedConnection() stores a readable connection with valid default params; unknown sandboxes throw', async () => {
    const seeded = emu.seedConnection({ name: 'Seeded', state: 'disabled' })
    expect(seeded.etag).toMatch(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/)
    expect(Object.keys(seeded.auth.params).sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'refreshToken'])
    const read = await platform(emu, 'GET', `/connections/${seeded.id}`)
    expect(read.json.items[0]).toMatchObject({ id: seeded.id, name: 'Seeded', state: 'disabled', etag: seeded.etag })
    const explore = await platform(emu, 'GET', `/connections/${seeded.id}/explore?objectType=root`)
    expect(explore.status).toBe(200)
    expect(() => emu.seedConnection({ name: 'x', sandbox: 'nope' })).toThrow(/sandbox/)
  })

  it('reset() drops connections, requests, faults and tokens', async () => {
    emu.seedConnection({ name: 'gone' })
    const token = emu.issueAdobeToken()
    emu.injectFault({ service: 'ims', kind: 'status', status: 500 })
    emu.reset()
    expect(emu.connections()).toEqual([])
    expect(emu.requests).toEqual([])
    const res = await http(`${emu.urls.platform}${BASE_PATH}/connections`, {
      headers: {
        authorization: `Bearer ${token}`,
        'x-api-key': DEMO.adobe.clientId,
        'x-gw-ims-org-id': DEMO.adobe.orgId,
      },
    })
    expect(res.json.error_code).toBe('401013')
    expect((await http(`${emu.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS))).status).toBe(200)
  })

  it('the emulator itself prints nothing, not even for failing or faulted requests', async () => {
    const writes: string[] = []
    const capture = (chunk: unknown) => {
      writes.push(String(chunk))
      return true
    }
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture)
    const log = vi.spyOn(console, 'log')
    const error = vi.spyOn(console, 'error')
    try {
      await http(`${emu.urls.ims}/ims/token/v3`, formPost({ ...IMS_FIELDS, client_secret: 'wrong' }))
      await http(`${emu.urls.hubspot}/oauth/v1/token`, formPost(HUBSPOT_REFRESH_FIELDS))
      await platform(emu, 'POST', '/connections', {
        body: '{not json',
        headers: { 'content-type': 'application/json' },
      })
      await platform(emu, 'POST', '/connections', { body: connectionBody('printed?') })
      emu.injectFault({ service: 'platform', kind: 'commit-then-reset' })
      await platform(emu, 'POST', '/connections', { body: connectionBody('reset') }).catch(() => undefined)
    } finally {
      out.mockRestore()
      err.mockRestore()
    }
    expect(writes).toEqual([])
    expect(log).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
  })
})

describe('close()', () => {
  it('does not hang on a stalled request: the client sees the socket close', async () => {
    const own = await startEmulator()
    own.injectFault({ service: 'platform', kind: 'stall' })
    const pending = fetch(`${own.urls.platform}${BASE_PATH}/connections`)
    const outcome = pending.then(
      () => 'answered',
      () => 'failed',
    )
    await vi.waitFor(() => expect(own.requests).toHaveLength(1))

    const started = Date.now()
    await own.close()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await outcome).toBe('failed')
    expect(own.requests[0]!.status).toBe(0)
    await expect(fetch(`${own.urls.ims}/ims/token/v3`, { method: 'POST' })).rejects.toThrow()
    await own.close() // idempotent
  })

  it('also ends pending delays and idle keep-alive connections promptly', async () => {
    const own = await startEmulator()
    await http(`${own.urls.ims}/ims/token/v3`, formPost(IMS_FIELDS)) // leaves a keep-alive socket
    own.injectFault({ service: 'hubspot', kind: 'delay', delayMs: 60_000 })
    const delayed = fetch(`${own.urls.hubspot}/oauth/v1/token`, formPost(HUBSPOT_REFRESH_FIELDS)).then(
      () => 'answered',
      () => 'failed',
    )
    await vi.waitFor(() => expect(own.requests).toHaveLength(2))
    const started = Date.now()
    await own.close()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await delayed).toBe('failed')
  })
})

describe('cli.ts', () => {
  /** A base port whose next two ports are free as well. */
  async function freeBasePort(): Promise<number> {
    const tryListen = (port: number) =>
      new Promise<boolean>((resolve) => {
        const server = createServer()
        server.once('error', () => resolve(false))
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
      })
    for (let attempt = 0; attempt < 20; attempt++) {
      const base = 20000 + Math.floor(Math.random() * 40000)
      if ((await tryListen(base)) && (await tryListen(base + 1)) && (await tryListen(base + 2))) return base
    }
    throw new Error('no free port range found')
  }

  it('prints the three URLs (honouring EMULATOR_PORT) and the demo ids but no secrets, and exits cleanly on SIGTERM', async () => {
    const base = await freeBasePort()
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      env: { ...process.env, EMULATOR_PORT: String(base) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    try {
      await vi.waitFor(() => expect(stdout).toContain('Platform'), { timeout: 20_000, interval: 50 })
      expect(stdout).toContain(`IMS       http://127.0.0.1:${base}\n`)
      expect(stdout).toContain(`HubSpot   http://127.0.0.1:${base + 1}\n`)
      expect(stdout).toContain(`Platform  http://127.0.0.1:${base + 2}\n`)
      expect(stdout).toContain(DEMO.adobe.clientId)
      expect(stdout).toContain(DEMO.adobe.orgId)
      expect(stdout).toContain('test/emulator/demo.ts')
      for (const secret of [DEMO.adobe.clientSecret, DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken]) {
        expect(stdout).not.toContain(secret)
        expect(stdout).not.toContain(secret.slice(0, 12))
      }

      const res = await http(`http://127.0.0.1:${base}/ims/token/v3`, formPost(IMS_FIELDS))
      expect(res.status).toBe(200)
    } finally {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const [code] = await exited
      expect(code).toBe(0)
    }
    expect(stderr).toBe('')
  })
})
