import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Deadline } from '../../../src/deadline.js'
import { ActionError } from '../../../src/errors.js'
import { Http } from '../../../src/http.js'
import { introspectAccessToken, refreshAccessToken, requireUsableToken } from '../../../src/hubspot/oauth.js'
import { SecretRegistry } from '../../../src/secrets.js'
import { DEMO } from '../../emulator/demo.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'

let emulator: Emulator
const http = () => new Http(new Deadline(10_000))
const app = { clientId: DEMO.hubspot.clientId, clientSecret: DEMO.hubspot.clientSecret }

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => emulator.close())
beforeEach(() => emulator.reset())

describe('refreshAccessToken', () => {
  it('mints an access token on the 2026-03 endpoint and masks it', async () => {
    const masked: string[] = []
    const tokens = await refreshAccessToken(
      http(),
      emulator.urls.hubspot,
      app,
      DEMO.hubspot.refreshToken,
      new SecretRegistry((v) => masked.push(v)),
    )
    expect(tokens.accessToken.length).toBeGreaterThan(20)
    expect(tokens.refreshToken).toBe(DEMO.hubspot.refreshToken)
    expect(tokens.expiresInSeconds).toBe(1800)
    expect(masked).toContain(tokens.accessToken)
    expect(emulator.requests[0]!.path).toBe('/oauth/2026-03/token')
    // The issued token is live at HubSpot.
    const introspected = await introspectAccessToken(
      http(),
      emulator.urls.hubspot,
      app,
      tokens.accessToken,
      new SecretRegistry(() => undefined),
    )
    expect(introspected.active).toBe(true)
  })

  it('reports a bad refresh token with HubSpot code, correlation id and the fix', async () => {
    const error = await refreshAccessToken(
      http(),
      emulator.urls.hubspot,
      app,
      'na1-wrong',
      new SecretRegistry(() => undefined),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).facts).toMatchObject({
      service: 'HubSpot OAuth',
      status: 400,
      code: 'BAD_REFRESH_TOKEN',
    })
    expect((error as ActionError).facts.requestId).toMatch(/[\w-]{8,}/)
    expect((error as ActionError).facts.hint).toMatch(/reauthorize/)
  })

  it('reports a wrong client secret', async () => {
    const error = await refreshAccessToken(
      http(),
      emulator.urls.hubspot,
      { ...app, clientSecret: 'nope' },
      DEMO.hubspot.refreshToken,
      new SecretRegistry(() => undefined),
    ).catch((e: unknown) => e)
    expect((error as ActionError).facts.hint).toMatch(/hubspot-client-id or hubspot-client-secret is wrong/)
  })
})

describe('introspectAccessToken', () => {
  it('says a live token is active, for this app', async () => {
    const token = emulator.issueHubSpotAccessToken()
    const result = await introspectAccessToken(
      http(),
      emulator.urls.hubspot,
      app,
      token,
      new SecretRegistry(() => undefined),
    )
    expect(result).toMatchObject({ active: true, clientId: DEMO.hubspot.clientId })
    expect(() => requireUsableToken(result, app)).not.toThrow()
    expect(new URLSearchParams(emulator.requests[0]!.body).get('token')).toBe(token)
  })

  it('says an expired token is not active', async () => {
    const token = emulator.issueHubSpotAccessToken()
    emulator.expireHubSpotAccessTokens()
    const result = await introspectAccessToken(
      http(),
      emulator.urls.hubspot,
      app,
      token,
      new SecretRegistry(() => undefined),
    )
    expect(result.active).toBe(false)
    expect(() => requireUsableToken(result, app)).toThrow(/not active/)
  })

  it('refuses a token issued to another app', () => {
    expect(() => requireUsableToken({ active: true, clientId: 'other-app' }, app)).toThrow(/different HubSpot app/)
  })
})
