import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { makeCertificate } from '../support/certificate.js'
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js'
import { visibleLog } from '../support/runner-log.js'
import { baseInputs, run } from './fixtures.js'

// The action as users behind a corporate proxy run it: HTTPS to hosts that only the proxy can
// reach (*.aep.test does not resolve), through HTTPS_PROXY with credentials, by CONNECT, with the
// emulator serving TLS under a certificate made for those names and trusted via NODE_EXTRA_CA_CERTS.
const HOSTS = { ims: 'ims.aep.test', hubspot: 'hubspot.aep.test', platform: 'platform.aep.test' }

let dir: string
let emulator: Emulator
let proxy: ConnectProxy

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proxy-test-'))
  const { key, cert } = makeCertificate(
    dir,
    Object.values(HOSTS).map((host) => `DNS:${host}`),
  )
  emulator = await startEmulator({
    tls: { key, cert },
  })

  proxy = await startConnectProxy()
})

afterAll(async () => {
  await proxy.close()
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The emulator's URL for a service, under the name only the proxy resolves. */
function viaName(service: keyof typeof HOSTS): string {
  return emulator.urls[service].replace('127.0.0.1', HOSTS[service])
}

beforeEach(() => {
  proxy.mode = 'tunnel'
  proxy.connects.length = 0
  emulator.reset()
})

describe('behind a proxy', () => {
  it('reaches every service over HTTPS through HTTPS_PROXY, and masks the proxy credentials', async () => {
    const proxyUrl = `http://proxy-user:pr0xy%2Fpass@127.0.0.1:${proxy.port}`
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
    const authorities = new Set(proxy.connects.map((c) => c.authority.split(':')[0]))
    expect(authorities).toEqual(new Set(Object.values(HOSTS)))
    const basic = `Basic ${Buffer.from('proxy-user:pr0xy/pass').toString('base64')}`
    expect(proxy.connects.every((c) => c.authorization === basic)).toBe(true)
    expect(visibleLog(result.log)).not.toContain('pr0xy')
  })

  it('ends at its deadline when the proxy never answers CONNECT', async () => {
    proxy.mode = 'silent'
    const inputs = baseInputs(emulator, {
      'platform-url': viaName('platform'),
      'ims-url': viaName('ims'),
      'hubspot-url': viaName('hubspot'),
      'timeout-seconds': '4',
    })
    const result = await run(emulator, inputs, {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
      killAfterMs: 20_000,
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /ran out of time \(timeout-seconds: 4\) while waiting for Adobe IMS to answer "mint access token/,
    )
    expect(result.durationMs).toBeLessThan(4_000 + 2_000)
    expect(proxy.connects.length).toBeGreaterThan(0)
  })

  it('fails at once, naming the proxy settings, when the proxy wants credentials (407)', async () => {
    proxy.mode = 'refuse-407'
    const inputs = baseInputs(emulator, {
      'platform-url': viaName('platform'),
      'ims-url': viaName('ims'),
      'hubspot-url': viaName('hubspot'),
    })
    const result = await run(emulator, inputs, {
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Adobe IMS: mint access token .* failed: the proxy refused the connection: 407 Proxy Authentication Required/,
    )
    expect(result.log).toMatch(/What to do: Check HTTPS_PROXY/)
    expect(result.log).not.toMatch(/retrying/)
    // IMS and HubSpot are asked at the same time: one CONNECT each, none tried again.
    expect(proxy.connects.map((c) => c.authority.split(':')[0]).sort()).toEqual([HOSTS.hubspot, HOSTS.ims].sort())
    expect(emulator.requests).toEqual([])
  })
})
