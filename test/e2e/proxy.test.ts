import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { visibleLog } from '../support/runner-log.js'
import { baseInputs, run } from './fixtures.js'

// The action as users behind a corporate proxy run it: HTTPS to hosts that only the proxy can
// reach (*.aep.test does not resolve), through HTTPS_PROXY with credentials, by CONNECT, with the
// emulator serving TLS under a certificate made for those names and trusted via NODE_EXTRA_CA_CERTS.
const HOSTS = { ims: 'ims.aep.test', hubspot: 'hubspot.aep.test', platform: 'platform.aep.test' }

let dir: string
let emulator: Emulator
let proxy: Server
let proxyPort: number
/** How the proxy answers CONNECT. */
let proxyMode: 'tunnel' | 'silent' | 'refuse-407' = 'tunnel'
const connects: Array<{ authority: string; authorization: string | undefined }> = []
const sockets = new Set<Socket>()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proxy-test-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=aep.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-addext',
      `subjectAltName=${Object.values(HOSTS)
        .map((host) => `DNS:${host}`)
        .join(',')}`,
    ],
    { stdio: 'ignore' },
  )
  emulator = await startEmulator({
    tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') },
  })

  proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push({ authority: req.url ?? '', authorization: req.headers['proxy-authorization'] })
    sockets.add(client)
    client.on('error', () => undefined)
    if (proxyMode === 'silent') return
    if (proxyMode === 'refuse-407') {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n')
      return
    }
    const port = Number((req.url ?? '').split(':')[1])
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
    }
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyPort = (proxy.address() as AddressInfo).port
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => proxy.close(resolve))
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The emulator's URL for a service, under the name only the proxy resolves. */
function viaName(service: keyof typeof HOSTS): string {
  return emulator.urls[service].replace('127.0.0.1', HOSTS[service])
}

beforeEach(() => {
  proxyMode = 'tunnel'
  connects.length = 0
  emulator.reset()
})

describe('behind a proxy', () => {
  it('reaches every service over HTTPS through HTTPS_PROXY, and masks the proxy credentials', async () => {
    const proxyUrl = `http://proxy-user:pr0xy%2Fpass@127.0.0.1:${proxyPort}`
    const inputs = baseInputs(emulator, {
      'platform-url': viaName('platform'),
      'ims-url': viaName('ims'),
      'hubspot-url': viaName('hubspot'),
    })
    const result = await run(emulator, inputs, {
      env: { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    })

    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('created')
    expect(emulator.connections()).toHaveLength(1)
    const authorities = new Set(connects.map((c) => c.authority.split(':')[0]))
    expect(authorities).toEqual(new Set(Object.values(HOSTS)))
    const basic = `Basic ${Buffer.from('proxy-user:pr0xy/pass').toString('base64')}`
    expect(connects.every((c) => c.authorization === basic)).toBe(true)
    expect(visibleLog(result.log)).not.toContain('pr0xy')
  })

  it('ends at its deadline when the proxy never answers CONNECT', async () => {
    proxyMode = 'silent'
    const inputs = baseInputs(emulator, {
      'platform-url': viaName('platform'),
      'ims-url': viaName('ims'),
      'hubspot-url': viaName('hubspot'),
      'timeout-seconds': '4',
    })
    const result = await run(emulator, inputs, {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
      killAfterMs: 20_000,
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /ran out of time \(timeout-seconds: 4\) while waiting for Adobe IMS to answer "mint access token/,
    )
    expect(result.durationMs).toBeLessThan(4_000 + 2_000)
    expect(connects.length).toBeGreaterThan(0)
  })

  it('fails at once, naming the proxy settings, when the proxy wants credentials (407)', async () => {
    proxyMode = 'refuse-407'
    const inputs = baseInputs(emulator, {
      'platform-url': viaName('platform'),
      'ims-url': viaName('ims'),
      'hubspot-url': viaName('hubspot'),
    })
    const result = await run(emulator, inputs, {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Adobe IMS: mint access token .* failed: the proxy refused the connection: 407 Proxy Authentication Required/,
    )
    expect(result.log).toMatch(/What to do: Check HTTPS_PROXY/)
    expect(result.log).not.toMatch(/retrying/)
    expect(connects).toHaveLength(1)
    expect(emulator.requests).toEqual([])
  })
})
