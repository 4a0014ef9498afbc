import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { formPost, http, HUBSPOT_REFRESH_FIELDS, UUID } from './helpers.js'
import { DEMO, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started), { hubspot: { hubId: 98765 } })

const post = (path: string, fields: Record<string, string>) => http(`${emu.urls.hubspot}${path}`, formPost(fields))
const refresh = (fields: Record<string, string> = HUBSPOT_REFRESH_FIELDS, path = '/oauth/2026-03/token') =>
  post(path, fields)
const introspect = (fields: Record<string, string>, path = '/oauth/2026-03/token/introspect') => post(path, fields)
const APP = { client_id: DEMO.hubspot.clientId, client_secret: DEMO.hubspot.clientSecret }

describe('HubSpot refresh', () => {
  it.each(['/oauth/2026-03/token', '/oauth/v3/token', '/oauth/v1/token'])(
    '%s returns a new access token and the same refresh token',
    async (path) => {
      const res = await refresh(HUBSPOT_REFRESH_FIELDS, path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.json).toEqual({
        token_type: 'bearer',
        refresh_token: DEMO.hubspot.refreshToken,
        access_token: expect.stringMatching(/^CJ[\w-]+$/),
        expires_in: 1800,
        hub_id: 98765,
        scopes: expect.arrayContaining(['oauth', 'crm.objects.contacts.read']),
      })
      expect(res.json.access_token.length).toBeLessThanOrEqual(300)
    },
  )

  it('each refresh yields a different access token', async () => {
    const a = (await refresh()).json.access_token
    const b = (await refresh()).json.access_token
    expect(a).not.toBe(b)
  })

  it('400 BAD_CLIENT_ID for an unknown client id, in the combined legacy + RFC 6749 shape', async () => {
    const res = await refresh({ ...HUBSPOT_REFRESH_FIELDS, client_id: '00000000-0000-0000-0000-000000000000' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      status: 'BAD_CLIENT_ID',
      message: expect.any(String),
      error: 'invalid_client',
      error_description: expect.any(String),
      correlationId: expect.stringMatching(UUID),
    })
  })

  it('400 BAD_CLIENT_SECRET for a wrong secret', async () => {
    const res = await refresh({ ...HUBSPOT_REFRESH_FIELDS, client_secret: 'wrong' })
    expect(res.status).toBe(400)
    expect(res.json.status).toBe('BAD_CLIENT_SECRET')
    expect(res.json.error).toBe('invalid_client')
  })

  it('400 BAD_REFRESH_TOKEN / invalid_grant for a wrong refresh token', async () => {
    const res = await refresh({ ...HUBSPOT_REFRESH_FIELDS, refresh_token: 'na1-0000-0000-0000-0000-000000000000' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token is invalid, expired or revoked',
      status: 'BAD_REFRESH_TOKEN',
      message: 'refresh token is invalid, expired or revoked',
      correlationId: expect.stringMatching(UUID),
    })
    expect(res.json.correlationId).toBe(res.headers.get('x-request-id'))
  })

  it('400 for another grant type or a body that is not form-encoded', async () => {
    const grant = await refresh({ ...HUBSPOT_REFRESH_FIELDS, grant_type: 'authorization_code' })
    expect(grant.status).toBe(400)
    expect(grant.json.error).toBe('unsupported_grant_type')
    const asJson = await http(`${emu.urls.hubspot}/oauth/2026-03/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(HUBSPOT_REFRESH_FIELDS),
    })
    expect(asJson.status).toBe(400)
    expect(asJson.json.category).toBe('VALIDATION_ERROR')
  })
})

describe('HubSpot introspect', () => {
  it.each(['/oauth/2026-03/token/introspect', '/oauth/v3/token/introspect'])(
    '%s: a live token is active',
    async (path) => {
      const accessToken = (await refresh()).json.access_token
      const res = await introspect({ ...APP, token: accessToken }, path)
      expect(res.status).toBe(200)
      expect(res.json).toEqual({
        active: true,
        token_use: 'access_token',
        client_id: DEMO.hubspot.clientId,
        hub_id: 98765,
        app_id: expect.any(Number),
        scopes: expect.any(Array),
        expires_in: expect.any(Number),
        token_type: 'bearer',
      })
      expect(res.json.expires_in).toBeGreaterThan(1790)
      expect(res.json.expires_in).toBeLessThanOrEqual(1800)
    },
  )

  it('tokens from issueHubSpotAccessToken() are active too', async () => {
    const res = await introspect({ ...APP, token: emu.issueHubSpotAccessToken() })
    expect(res.json.active).toBe(true)
  })

  it('a token it issued that has expired is inactive (200)', async () => {
    const accessToken = emu.issueHubSpotAccessToken()
    emu.expireHubSpotAccessTokens()
    const res = await introspect({ ...APP, token: accessToken })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ active: false })
  })

  it.each(['/oauth/2026-03/token/introspect', '/oauth/v3/token/introspect'])(
    '%s: a token it never issued is a 400 VALIDATION_ERROR in the generic error model',
    async (path) => {
      const res = await introspect({ ...APP, token: 'CJnotatoken' }, path)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.json).toEqual({
        status: 'error',
        message: 'Token is invalid',
        correlationId: expect.stringMatching(UUID),
        category: 'VALIDATION_ERROR',
        context: { token: ['Token is invalid'] },
        errors: [{ code: '400', in: 'token', subCategory: 'OAUTH', message: 'Token is invalid' }],
      })
      expect(res.json.correlationId).toBe(res.headers.get('x-request-id'))
    },
  )

  it('tokens issued before reset() are unknown afterwards: 400, not inactive', async () => {
    const accessToken = emu.issueHubSpotAccessToken()
    emu.reset()
    const res = await introspect({ ...APP, token: accessToken })
    expect(res.status).toBe(400)
    expect(res.json.message).toBe('Token is invalid')
  })

  it('checks the app before the token: a bad client id with a garbage token is BAD_CLIENT_ID', async () => {
    const res = await introspect({ ...APP, client_id: 'nope', token: 'CJnotatoken' })
    expect(res.status).toBe(400)
    expect(res.json.status).toBe('BAD_CLIENT_ID')
  })

  it('400 VALIDATION_ERROR when the token is sent as access_token instead of token', async () => {
    const res = await introspect({ ...APP, access_token: emu.issueHubSpotAccessToken() })
    expect(res.status).toBe(400)
    expect(res.json.category).toBe('VALIDATION_ERROR')
    expect(res.json.correlationId).toMatch(UUID)
    expect(res.json.errors[0].in).toBe('token')
  })

  it('400 for a bad client id or secret', async () => {
    const token = emu.issueHubSpotAccessToken()
    const badId = await introspect({ ...APP, client_id: 'nope', token })
    expect(badId.status).toBe(400)
    expect(badId.json.status).toBe('BAD_CLIENT_ID')
    const badSecret = await introspect({ ...APP, client_secret: 'nope', token })
    expect(badSecret.status).toBe(400)
    expect(badSecret.json.status).toBe('BAD_CLIENT_SECRET')
  })

  it('v1 metadata lookup knows live tokens and 404s others', async () => {
    const token = emu.issueHubSpotAccessToken()
    const live = await http(`${emu.urls.hubspot}/oauth/v1/access-tokens/${encodeURIComponent(token)}`)
    expect(live.status).toBe(200)
    expect(live.json.hub_id).toBe(98765)
    emu.expireHubSpotAccessTokens()
    const gone = await http(`${emu.urls.hubspot}/oauth/v1/access-tokens/${encodeURIComponent(token)}`)
    expect(gone.status).toBe(404)
  })

  it('404 on unknown paths', async () => {
    const res = await post('/oauth/v2/token', HUBSPOT_REFRESH_FIELDS)
    expect(res.status).toBe(404)
  })
})
