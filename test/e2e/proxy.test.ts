import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})
