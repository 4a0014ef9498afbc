import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FlowServiceClient, HUBSPOT_CONNECTION_SPEC_ID, type TokenSource } from '../../../src/adobe/flow-service.js'
import { Deadline } from '../../../src/deadline.js'
import { ActionError } from '../../../src/errors.js'
import { Http } from '../../../src/http.js'
import { SecretRegistry } from '../../../src/secrets.js'
import { DEMO } from '../../emulator/demo.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => emulator.close())
beforeEach(() => emulator.reset())

function fixedToken(token: string): TokenSource {
  return {
    given: true,
    current: () => token,
    canRenew: () => false,
    renew: () => Promise.reject(new Error('cannot renew')),
  }
}

function client(options: { sandbox?: string; tokens?: TokenSource; secrets?: SecretRegistry } = {}) {
  return new FlowServiceClient(
    new Http(new Deadline(10_000)),
    {
      platformUrl: emulator.urls.platform,
      apiKey: DEMO.adobe.clientId,
      orgId: DEMO.adobe.orgId,
      sandboxName: options.sandbox ?? 'prod',
      tokens: options.tokens ?? fixedToken(emulator.issueAdobeToken()),
    },
    options.secrets ?? new SecretRegistry(() => undefined),
  )
}

const params = {
  clientId: DEMO.hubspot.clientId,
  clientSecret: DEMO.hubspot.clientSecret,
  accessToken: 'hs-access',
  refreshToken: DEMO.hubspot.refreshToken,
}

describe('FlowServiceClient', () => {
  it('creates a connection and reads it back from the items wrapper', async () => {
    const created = await client().create({ name: 'HubSpot', description: 'd', params })
    expect(created.etag).toMatch(/^".*"$/)
    const read = await client().get(created.id)
    expect(read).toMatchObject({
      id: created.id,
      name: 'HubSpot',
      etag: created.etag,
      state: 'enabled',
      connectionSpecId: HUBSPOT_CONNECTION_SPEC_ID,
    })
  })

  it('omits the description when there is none', async () => {
    await client().create({ name: 'HubSpot', params })
    expect(JSON.parse(emulator.requests.at(-1)!.body)).not.toHaveProperty('description')
  })

  it('finds only exact names, across pages, and only HubSpot connections', async () => {
    const name = 'a,b "c" & d=e ü'
    for (let i = 0; i < 230; i++) emulator.seedConnection({ name: i % 2 === 0 ? 'noise' : 'a,b' })
    const first = emulator.seedConnection({ name })
    emulator.seedConnection({ name, connectionSpecId: '11111111-2222-3333-4444-555555555555' })
    emulator.seedConnection({ name: `${name}x` })
    const second = emulator.seedConnection({ name })
    const found = await client().findHubSpotConnectionsNamed(name)
    expect(found.map((c) => c.id)).toEqual([first.id, second.id])
    const pages = emulator.requests.filter((r) => r.path.endsWith('/connections'))
    expect(pages).toHaveLength(3)
    expect(pages[0]!.query).toEqual([
      ['property', `connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}`],
      ['limit', '100'],
    ])
  })

  it('patches with If-Match and gets a new etag', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    const result = await client().patch(existing.id, existing.etag, [
      { op: 'replace', path: '/auth/params', value: params },
    ])
    expect(result.id).toBe(existing.id)
    expect(result.etag).not.toBe(existing.etag)
    expect(emulator.connections()[0]!.auth.params['accessToken']).toBe('hs-access')
  })

  it('reports a stale etag as a conflict with the FLOW code', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    const error = await client()
      .patch(existing.id, '"stale"', [{ op: 'replace', path: '/description', value: 'x' }])
      .catch((e: unknown) => e)
    expect((error as ActionError).facts).toMatchObject({ kind: 'conflict', status: 412, code: 'FLOW-1404-412' })
  })

  it('explores the root objects', async () => {
    const created = await client().create({
      name: 'HubSpot',
      params: { ...params, accessToken: emulator.issueHubSpotAccessToken() },
    })
    const objects = await client().explore(created.id)
    expect(objects.length).toBeGreaterThan(0)
  })

  it('reports a missing connection with the request id', async () => {
    const error = await client()
      .get('00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e)
    expect((error as ActionError).facts).toMatchObject({ kind: 'not-found', status: 404, code: 'FLOW-1101-404' })
    expect((error as ActionError).facts.requestId).toBeTruthy()
  })

  it('renews a rejected token once and sends the call again', async () => {
    let renewed = 0
    let token = 'expired-token'
    const tokens: TokenSource = {
      given: true,
      current: () => token,
      canRenew: () => renewed === 0,
      renew: async () => {
        renewed++
        token = emulator.issueAdobeToken()
      },
    }
    const created = await client({ tokens }).create({ name: 'HubSpot', params })
    expect(renewed).toBe(1)
    expect(created.id).toBeTruthy()
    expect(emulator.connections()).toHaveLength(1)
  })

  it('scrubs secrets that a server echoes in an error', async () => {
    const secrets = new SecretRegistry(() => undefined)
    secrets.register(DEMO.hubspot.clientSecret)
    emulator.injectFault({
      service: 'platform',
      method: 'POST',
      kind: 'status',
      status: 400,
      body: JSON.stringify({
        type: 'https://ns.adobe.com/aep/errors/FLOW-1455-400',
        title: 'Invalid request',
        report: { 'detailed-message': `bad value ${DEMO.hubspot.clientSecret}` },
      }),
    })
    const error = await client({ secrets })
      .create({ name: 'HubSpot', params })
      .catch((e: unknown) => e)
    expect((error as Error).message).toBe('bad value ***')
  })

  it('refuses a next page on another origin', async () => {
    emulator.injectFault({
      service: 'platform',
      method: 'GET',
      kind: 'status',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [],
        _links: { next: { href: 'https://evil.example/connections?continuationToken=x' } },
      }),
    })
    await expect(client().findHubSpotConnectionsNamed('HubSpot')).rejects.toThrow(/another origin/)
  })
})
