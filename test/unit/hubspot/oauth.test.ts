import { beforeEach, describe, expect, it } from 'vitest'
import type { ActionError } from '../../../src/core/errors.js'
import { HubSpotOAuthClient } from '../../../src/hubspot/oauth.js'
import { DEMO } from '../../emulator/demo.js'
import type { Emulator } from '../../emulator/server.js'
import { HUBSPOT_TOKEN_PATH, status } from '../../support/faults.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, answer, httpStack, scriptedStack, ScriptedTransport, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const app = { clientId: DEMO.hubspot.clientId, clientSecret: DEMO.hubspot.clientSecret }
let stack: Stack
beforeEach(() => {
  stack = httpStack()
})
const oauth = (given = app) => new HubSpotOAuthClient(stack.sender, stack.secrets, emulator.urls.hubspot, given)

describe('HubSpotOAuthClient.refresh', () => {
  it('mints an access token on the 2026-03 endpoint and masks it', async () => {
    const tokens = await oauth().refresh(DEMO.hubspot.refreshToken)
    expect(tokens.accessToken.length).toBeGreaterThan(20)
    expect(tokens.refreshToken).toBe(DEMO.hubspot.refreshToken)
    expect(tokens.expiresInSeconds).toBe(1800)
    expect(stack.masked).toContain(tokens.accessToken)
    const [request] = emulator.requests
    expect(request!.path).toBe(HUBSPOT_TOKEN_PATH)
    expect(request!.query).toEqual([])
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: DEMO.hubspot.clientId,
      client_secret: DEMO.hubspot.clientSecret,
      refresh_token: DEMO.hubspot.refreshToken,
    })
    // The issued token is live at HubSpot.
    expect((await oauth().introspect(tokens.accessToken)).active).toBe(true)
  })

  it('reports a bad refresh token with HubSpot code, correlation id and the fix', async () => {
    const error = await actionErrorOf(oauth().refresh('na1-wrong'))
    expect(error.facts).toMatchObject({
      service: 'HubSpot OAuth',
      operation: 'refresh access token (POST /oauth/2026-03/token)',
      status: 400,
      code: 'BAD_REFRESH_TOKEN',
    })
    expect(error.facts.requestId).toMatch(/[\w-]{8,}/)
    expect(error.facts.hint).toMatch(/reauthorize/)
  })

  it('reports a wrong client secret', async () => {
    const error = await actionErrorOf(oauth({ ...app, clientSecret: 'nope' }).refresh(DEMO.hubspot.refreshToken))
    expect(error.facts.hint).toMatch(/hubspot-client-id or hubspot-client-secret is wrong/)
  })

  it('retries a transient failure', async () => {
    emulator.injectFault(status({ service: 'hubspot', path: HUBSPOT_TOKEN_PATH }, 502))
    expect((await oauth().refresh(DEMO.hubspot.refreshToken)).accessToken).toBeTruthy()
    expect(emulator.requests).toHaveLength(2)
  })

  it('takes a rotated refresh token, masked, and keeps the old one when none comes back', async () => {
    const transport = new ScriptedTransport([
      answer(200, { access_token: 'acc-1', refresh_token: 'rotated-refresh', expires_in: '1800' }),
      answer(200, { access_token: 'acc-2', refresh_token: '' }),
    ])
    const scripted = scriptedStack(transport)
    const client = new HubSpotOAuthClient(scripted.sender, scripted.secrets, 'http://127.0.0.1:9', app)
    expect(await client.refresh('old-refresh')).toEqual({
      accessToken: 'acc-1',
      refreshToken: 'rotated-refresh',
      expiresInSeconds: 1800,
    })
    expect(scripted.masked).toEqual(expect.arrayContaining(['acc-1', 'rotated-refresh']))
    expect(await client.refresh('old-refresh')).toEqual({
      accessToken: 'acc-2',
      refreshToken: 'old-refresh',
      expiresInSeconds: undefined,
    })
  })
})

describe('HubSpotOAuthClient.introspect', () => {
  it('says a live token is active, for this app', async () => {
    const token = emulator.issueHubSpotAccessToken()
    const client = oauth()
    const result = await client.introspect(token)
    expect(result).toMatchObject({ active: true, clientId: DEMO.hubspot.clientId, hubId: expect.any(String) })
    expect(result.expiresInSeconds).toBeGreaterThan(1700)
    expect(() => client.requireUsable(result)).not.toThrow()
    const [request] = emulator.requests
    expect(request!.path).toBe('/oauth/2026-03/token/introspect')
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      client_id: DEMO.hubspot.clientId,
      client_secret: DEMO.hubspot.clientSecret,
      token,
      token_type_hint: 'access_token',
    })
  })

  it('says an expired token is not active', async () => {
    const token = emulator.issueHubSpotAccessToken()
    emulator.expireHubSpotAccessTokens()
    const client = oauth()
    const result = await client.introspect(token)
    expect(result.active).toBe(false)
    const error = (() => {
      try {
        client.requireUsable(result)
      } catch (e) {
        return e as ActionError
      }
      throw new Error('expected requireUsable to throw')
    })()
    expect(error.message).toBe('hubspot-access-token is not active: it expired or was revoked')
    expect(error.facts).toMatchObject({ kind: 'auth', service: 'HubSpot OAuth', operation: 'introspect access token' })
    expect(error.facts.hint).toMatch(/Leave hubspot-access-token empty/)
  })

  it('hints that a stored token is usually stale when HubSpot refuses it', async () => {
    const error = await actionErrorOf(oauth().introspect('never-issued'))
    expect(error.facts).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' })
    expect(error.facts.hint).toMatch(/^Leave hubspot-access-token empty and the step mints a fresh one/)
  })

  it("keeps HubSpot's own hint for the app's credentials", async () => {
    const error = await actionErrorOf(
      oauth({ ...app, clientSecret: 'nope' }).introspect(emulator.issueHubSpotAccessToken()),
    )
    expect(error.facts.hint).toMatch(/hubspot-client-id or hubspot-client-secret is wrong/)
  })

  it('gives no stale-token hint for a server failure', async () => {
    emulator.injectFault(status({ service: 'hubspot' }, 500, { times: 5 }))
    const error = await actionErrorOf(oauth().introspect(emulator.issueHubSpotAccessToken()))
    expect(error.facts.status).toBe(500)
    expect(error.facts.hint).toBe('HubSpot OAuth is unavailable or overloaded; re-run the job in a few minutes.')
  })

  it('refuses a token issued to another app', () => {
    expect(() => oauth().requireUsable({ active: true, clientId: 'other-app' })).toThrow(
      'hubspot-access-token was issued to a different HubSpot app than hubspot-client-id',
    )
  })

  it('accepts a live token that names no app', () => {
    expect(() => oauth().requireUsable({ active: true })).not.toThrow()
  })

  it('reads numbers as text, and leaves out what is missing', async () => {
    const transport = new ScriptedTransport([answer(200, { active: true, hub_id: 123, client_id: '' })])
    const scripted = scriptedStack(transport)
    const client = new HubSpotOAuthClient(scripted.sender, scripted.secrets, 'http://127.0.0.1:9', app)
    expect(await client.introspect('t')).toEqual({
      active: true,
      clientId: undefined,
      hubId: '123',
      expiresInSeconds: undefined,
    })
  })
})
