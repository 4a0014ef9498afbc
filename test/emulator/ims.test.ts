import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { formPost, http, IMS_FIELDS } from './helpers.js'
import { BASE_PATH, DEMO, startEmulator, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const token = (fields: Record<string, string>, path = '/ims/token/v3') =>
  http(`${emu.urls.ims}${path}`, formPost(fields))

/** Uses an IMS token at the platform gateway. */
const useAtGateway = (accessToken: string, apiKey: string = DEMO.adobe.clientId) =>
  http(`${emu.urls.platform}${BASE_PATH}/connections`, {
    headers: { authorization: `Bearer ${accessToken}`, 'x-api-key': apiKey, 'x-gw-ims-org-id': DEMO.adobe.orgId },
  })

describe('IMS client_credentials', () => {
  it('mints a JWT-shaped bearer token (form body; the secret has +, /, =, %, &, space, quote, backslash, é)', async () => {
    const res = await token(IMS_FIELDS)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86399 })
    const jwt: string = res.json.access_token
    expect(jwt).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/)
    expect(jwt).toContain('-')
    expect(jwt).toContain('_')
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'))
    expect(payload.client_id).toBe(DEMO.adobe.clientId)
    expect(payload.type).toBe('access_token')
  })

  it('issues tokens the platform gateway accepts, bound to the client that minted them', async () => {
    const res = await token(IMS_FIELDS)
    expect((await useAtGateway(res.json.access_token)).status).toBe(200)
    const wrongKey = await useAtGateway(res.json.access_token, 'someone-else')
    expect(wrongKey.json.error_code).toBe('403003')
  })

  it('tokens stop working at the gateway after expireAdobeTokens(); new ones work', async () => {
    const before = (await token(IMS_FIELDS)).json.access_token
    emu.expireAdobeTokens()
    expect((await useAtGateway(before)).json).toEqual({ error_code: '401013', message: 'Oauth token is not valid' })
    const after = (await token(IMS_FIELDS)).json.access_token
    expect((await useAtGateway(after)).status).toBe(200)
  })

  it('accepts the parameters in the query string, on /ims/token/v2', async () => {
    const query = new URLSearchParams(IMS_FIELDS).toString()
    const res = await http(`${emu.urls.ims}/ims/token/v2?${query}`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(res.json.token_type).toBe('bearer')
  })

  it('accepts multipart/form-data (as adobe/aio-lib-ims sends)', async () => {
    const form = new FormData()
    for (const [k, v] of Object.entries(IMS_FIELDS)) form.append(k, v)
    const res = await http(`${emu.urls.ims}/ims/token/v2`, { method: 'POST', body: form })
    expect(res.status).toBe(200)
    expect((await useAtGateway(res.json.access_token)).status).toBe(200)
  })

  it('a subset of the allowed scopes, separated by commas, is fine', async () => {
    const res = await token({ ...IMS_FIELDS, scope: 'openid,AdobeID' })
    expect(res.status).toBe(200)
  })
})

describe('IMS errors', () => {
  it('400 unsupported_grant_type for any other grant', async () => {
    const res = await token({ ...IMS_FIELDS, grant_type: 'authorization_code' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'unsupported_grant_type' })
    const missing = await token({
      client_id: IMS_FIELDS.client_id,
      client_secret: IMS_FIELDS.client_secret,
      scope: IMS_FIELDS.scope,
    })
    expect(missing.json).toEqual({ error: 'unsupported_grant_type' })
  })

  it('400 invalid_client for an unknown client_id', async () => {
    const res = await token({ ...IMS_FIELDS, client_id: 'ffffffffffffffffffffffffffffffff' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'invalid_client', error_description: 'invalid client_id parameter' })
  })

  it('401 invalid_client for a wrong secret (including a mis-encoded right one)', async () => {
    const res = await token({ ...IMS_FIELDS, client_secret: 'p8e-wrong' })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ error: 'invalid_client', error_description: 'invalid client_secret parameter' })

    // The secret sent without form-encoding: '+' turns into a space, '&' cuts it short.
    const raw = `grant_type=client_credentials&client_id=${IMS_FIELDS.client_id}&client_secret=${DEMO.adobe.clientSecret}&scope=openid`
    const misEncoded = await http(`${emu.urls.ims}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: raw,
    })
    expect(misEncoded.status).toBe(401)
    expect(misEncoded.json.error_description).toBe('invalid client_secret parameter')
  })

  it('400 invalid_scope when the scope is missing', async () => {
    const res = await token({
      grant_type: 'client_credentials',
      client_id: IMS_FIELDS.client_id,
      client_secret: IMS_FIELDS.client_secret,
    })
    expect(res.status).toBe(400)
    expect(res.json.error).toBe('invalid_scope')
  })

  it('400 invalid_scope naming a scope outside the allowed set', async () => {
    const res = await token({ ...IMS_FIELDS, scope: 'openid,AdobeID,acp.foundation.catalog' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'invalid_scope', error_description: 'Invalid scope (acp.foundation.catalog)' })
  })

  it('honours a configured scope set and client credentials', async () => {
    const custom = await startEmulator({ adobe: { clientId: 'abc', clientSecret: 's3cr3t', scopes: ['openid'] } })
    try {
      const ok = await http(
        `${custom.urls.ims}/ims/token/v3`,
        formPost({ grant_type: 'client_credentials', client_id: 'abc', client_secret: 's3cr3t', scope: 'openid' }),
      )
      expect(ok.status).toBe(200)
      const refused = await http(
        `${custom.urls.ims}/ims/token/v3`,
        formPost({
          grant_type: 'client_credentials',
          client_id: 'abc',
          client_secret: 's3cr3t',
          scope: 'openid,AdobeID',
        }),
      )
      expect(refused.json.error_description).toBe('Invalid scope (AdobeID)')
    } finally {
      await custom.close()
    }
  })

  it('404 for other paths, 405 for other methods', async () => {
    expect((await http(`${emu.urls.ims}/ims/token/v1`, formPost(IMS_FIELDS))).status).toBe(404)
    expect((await http(`${emu.urls.ims}/ims/token/v3`)).status).toBe(405)
  })
})
