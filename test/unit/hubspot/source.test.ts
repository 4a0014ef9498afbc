import { beforeEach, describe, expect, it } from 'vitest'
import type { Resource } from '../../../src/adobe/flow-service/client.js'
import { HubSpotOAuthClient, type IntrospectedToken } from '../../../src/hubspot/oauth.js'
import {
  baseConnectionBody,
  HUBSPOT_AUTH_SPEC_NAME,
  HUBSPOT_BASE_CONNECTIONS,
  HUBSPOT_CONNECTION_SPEC,
  proveHubSpotCredentials,
} from '../../../src/hubspot/source.js'
import { DEMO } from '../../emulator/demo.js'
import { HUBSPOT_CONNECTION_SPEC_ID, type Emulator } from '../../emulator/server.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, httpStack, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const params = { clientId: 'c', clientSecret: 's', accessToken: 'a', refreshToken: 'r' }
const resource = (connectionSpec?: Resource['connectionSpec']): Resource => ({
  id: 'x',
  name: 'HubSpot',
  etag: '"1"',
  ...(connectionSpec ? { connectionSpec } : {}),
})

describe('the HubSpot source', () => {
  it("is Flow Service's HubSpot connection spec, with the Basic Authentication auth spec", () => {
    expect(HUBSPOT_CONNECTION_SPEC).toEqual({ id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' })
    expect(HUBSPOT_AUTH_SPEC_NAME).toBe('Basic Authentication')
  })

  it('lists base connections filtered by the spec, and checks the spec of each', () => {
    expect(HUBSPOT_BASE_CONNECTIONS.collection).toBe('connections')
    expect(HUBSPOT_BASE_CONNECTIONS.filters).toEqual([`connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}`])
    expect(HUBSPOT_BASE_CONNECTIONS.belongs(resource({ id: HUBSPOT_CONNECTION_SPEC_ID }))).toBe(true)
    expect(HUBSPOT_BASE_CONNECTIONS.belongs(resource({ id: '11111111-2222-3333-4444-555555555555' }))).toBe(false)
    expect(HUBSPOT_BASE_CONNECTIONS.belongs(resource({}))).toBe(false)
    expect(HUBSPOT_BASE_CONNECTIONS.belongs(resource())).toBe(false)
  })

  it('makes the body of a base connection, with the description only when there is one', () => {
    expect(baseConnectionBody('HubSpot', 'line one\nline two', params)).toEqual({
      name: 'HubSpot',
      description: 'line one\nline two',
      auth: { specName: 'Basic Authentication', params },
      connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
    })
    expect(baseConnectionBody('HubSpot', undefined, params)).not.toHaveProperty('description')
    expect(baseConnectionBody('HubSpot', '', params)).toHaveProperty('description', '')
  })
})

describe('proveHubSpotCredentials', () => {
  let stack: Stack
  let lines: string[]
  beforeEach(() => {
    stack = httpStack()
    lines = []
  })
  const app = { clientId: DEMO.hubspot.clientId, clientSecret: DEMO.hubspot.clientSecret }
  const oauth = () => new HubSpotOAuthClient(stack.sender, stack.secrets, emulator.urls.hubspot, app)
  const log = (line: string) => lines.push(line)

  it('mints a fresh access token from the refresh token when none is given', async () => {
    const proven = await proveHubSpotCredentials(oauth(), { ...app, refreshToken: DEMO.hubspot.refreshToken }, log)
    expect(proven).toEqual({ ...app, accessToken: expect.any(String), refreshToken: DEMO.hubspot.refreshToken })
    expect(emulator.issuedTokens()).toContain(proven.accessToken)
    expect(lines).toEqual(['Minted a fresh HubSpot access token from hubspot-refresh-token.'])
  })

  it('stores a refresh token HubSpot rotated, and says so', async () => {
    const rotating = {
      refresh: async () => ({ accessToken: 'acc', refreshToken: 'rotated', expiresInSeconds: 1800 }),
    } as unknown as HubSpotOAuthClient
    const proven = await proveHubSpotCredentials(rotating, { ...app, refreshToken: 'old' }, log)
    expect(proven).toEqual({ ...app, accessToken: 'acc', refreshToken: 'rotated' })
    expect(lines).toEqual([
      'Minted a fresh HubSpot access token from hubspot-refresh-token. HubSpot returned a new refresh token; the connection stores it.',
    ])
  })

  it('introspects a given access token and stores it as it is', async () => {
    const token = emulator.issueHubSpotAccessToken()
    const proven = await proveHubSpotCredentials(
      oauth(),
      { ...app, refreshToken: DEMO.hubspot.refreshToken, accessToken: token },
      log,
    )
    expect(proven).toEqual({ ...app, accessToken: token, refreshToken: DEMO.hubspot.refreshToken })
    expect(lines).toEqual(['hubspot-access-token is active (30 min left).'])
    expect(emulator.requests.map((request) => request.path)).toEqual(['/oauth/2026-03/token/introspect'])
  })

  it('says nothing of the time left when introspection does not tell', async () => {
    const introspecting = {
      introspect: async (): Promise<IntrospectedToken> => ({ active: true }),
      requireUsable: () => undefined,
    } as unknown as HubSpotOAuthClient
    await proveHubSpotCredentials(introspecting, { ...app, refreshToken: 'r', accessToken: 'a' }, log)
    expect(lines).toEqual(['hubspot-access-token is active.'])
  })

  it('fails early when a given access token has expired', async () => {
    const token = emulator.issueHubSpotAccessToken()
    emulator.expireHubSpotAccessTokens()
    const error = await actionErrorOf(
      proveHubSpotCredentials(oauth(), { ...app, refreshToken: DEMO.hubspot.refreshToken, accessToken: token }, log),
    )
    expect(error.message).toMatch(/not active/)
    expect(lines).toEqual([])
  })
})
