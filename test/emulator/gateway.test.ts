import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { connectionBody, http, platform, platformHeaders, UUID } from './helpers.js'
import { BASE_PATH, DEMO, startEmulator, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const list = (headers: Record<string, string | undefined>) => platform(emu, 'GET', '/connections', { headers })

describe('platform gateway checks, in order', () => {
  it('403010 when Authorization is missing (even if every other header is missing too)', async () => {
    const res = await http(`${emu.urls.platform}${BASE_PATH}/connections`)
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error_code: '403010', message: 'Oauth token is missing.' })
    expect(res.headers.get('content-type')).toBe('application/json')
  })

  it('401013 for a token the emulator never issued, a non-Bearer scheme, or an expired token', async () => {
    const forged = await list({ authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl' })
    expect(forged.status).toBe(401)
    expect(forged.json).toEqual({ error_code: '401013', message: 'Oauth token is not valid' })

    const token = emu.issueAdobeToken()
    const basic = await list({ authorization: `Basic ${token}` })
    expect(basic.status).toBe(401)

    const fine = await list({ authorization: `Bearer ${token}` })
    expect(fine.status).toBe(200)
    emu.expireAdobeTokens()
    const expired = await list({ authorization: `Bearer ${token}` })
    expect(expired.status).toBe(401)
    expect(expired.json.error_code).toBe('401013')
  })

  it('403000 when x-api-key is missing, 403003 when it is not the client the token was minted for', async () => {
    const missing = await list({ 'x-api-key': undefined })
    expect(missing.status).toBe(403)
    expect(missing.json).toEqual({ error_code: '403000', message: 'Api Key is required' })

    const other = await list({ 'x-api-key': 'another-client-id' })
    expect(other.status).toBe(403)
    expect(other.json).toEqual({ error_code: '403003', message: 'Api Key is invalid' })

    // A token minted for another client id is only accepted with that client id as the key.
    const foreign = emu.issueAdobeToken('another-client-id')
    const mismatch = await list({ authorization: `Bearer ${foreign}` })
    expect(mismatch.json.error_code).toBe('403003')
  })

  it('400003 when x-gw-ims-org-id is missing, 403027 when it is not the configured org', async () => {
    const missing = await list({ 'x-gw-ims-org-id': undefined })
    expect(missing.status).toBe(400)
    expect(missing.json).toEqual({ error_code: '400003', message: 'Missing header' })

    const wrong = await list({ 'x-gw-ims-org-id': '000000000000000000000000@AdobeOrg' })
    expect(wrong.status).toBe(403)
    expect(wrong.json).toEqual({ error_code: '403027', message: 'User region is missing' })
  })

  it('checks the token before the api key and the api key before the org', async () => {
    const res = await list({ authorization: 'Bearer nope', 'x-api-key': undefined, 'x-gw-ims-org-id': undefined })
    expect(res.json.error_code).toBe('401013')
    const res2 = await list({ 'x-api-key': undefined, 'x-gw-ims-org-id': undefined })
    expect(res2.json.error_code).toBe('403000')
  })
})

describe('sandbox', () => {
  it('defaults to prod when x-sandbox-name is absent', async () => {
    emu.seedConnection({ name: 'in prod' })
    const res = await list({})
    expect(res.status).toBe(200)
    expect(res.json.items.map((i: { name: string }) => i.name)).toEqual(['in prod'])
    expect(res.json.items[0].sandboxName).toBe('prod')
  })

  it('404 FLOW-2100-404 for a sandbox that is not configured, with the request id in the body', async () => {
    const res = await platform(emu, 'GET', '/connections', { sandbox: 'staging' })
    expect(res.status).toBe(404)
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-2100-404')
    expect(res.json.title).toBe('Sandbox not found')
    expect(res.json.status).toBe(404)
    expect(res.json.report['detailed-message']).toContain("The sandbox with the name 'staging' could not be found")
    expect(res.json.errorMessage).toBe(res.json.report['detailed-message'])
    expect(res.json.errorDetails).toBe(res.json.report['detailed-message'])
    expect(res.json.report['request-id']).toBe(res.headers.get('x-request-id'))
  })
})

describe('content type on POST and PATCH', () => {
  const expected = {
    type: '/placeholder/type/uri',
    status: 400,
    title: 'BadRequestError',
    detail: 'A valid content-type must be specified',
  }

  it('400 BadRequestError without Content-Type or with a non-JSON one', async () => {
    const none = await http(`${emu.urls.platform}${BASE_PATH}/connections`, {
      method: 'POST',
      headers: platformHeaders(emu),
      body: new Blob([JSON.stringify(connectionBody('x'))]), // a Blob without type: fetch sends no Content-Type
    })
    expect(none.status).toBe(400)
    expect(none.json).toEqual(expected)

    const text = await platform(emu, 'POST', '/connections', {
      body: connectionBody('x'),
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.json).toEqual(expected)

    const patch = await platform(emu, 'PATCH', '/connections/abc', {
      body: [],
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'if-match': '"x"' },
    })
    expect(patch.json).toEqual(expected)
    expect(emu.connections()).toHaveLength(0)
  })

  it('accepts parameters such as charset', async () => {
    const res = await platform(emu, 'POST', '/connections', {
      body: connectionBody('x'),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(res.status).toBe(201)
  })
})

describe('unknown paths', () => {
  it('404 FLOW-style, after the gateway checks', async () => {
    // (Was '/flows' before the emulator served flows.)
    const res = await platform(emu, 'GET', '/flowGroups')
    expect(res.status).toBe(404)
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1101-404')
    expect(res.json.report['request-id']).toMatch(UUID)

    const outside = await platform(emu, 'GET', '/../../other')
    expect(outside.status).toBe(404)

    const unauthenticated = await http(`${emu.urls.platform}/nothing/here`)
    expect(unauthenticated.json.error_code).toBe('403010')
  })

  it('only knows the configured org and sandboxes when configured otherwise', async () => {
    const custom = await startEmulator({ adobe: { orgId: 'ABCDEFABCDEFABCDEFABCDEF@AdobeOrg', sandboxes: ['dev-2'] } })
    try {
      const headers = { ...platformHeaders(custom), 'x-gw-ims-org-id': 'ABCDEFABCDEFABCDEFABCDEF@AdobeOrg' }
      const prod = await http(`${custom.urls.platform}${BASE_PATH}/connections`, { headers })
      expect(prod.json.type).toContain('FLOW-2100-404') // no 'prod' configured
      const dev2 = await http(`${custom.urls.platform}${BASE_PATH}/connections`, {
        headers: { ...headers, 'x-sandbox-name': 'dev-2' },
      })
      expect(dev2.status).toBe(200)
      const demoOrg = await http(`${custom.urls.platform}${BASE_PATH}/connections`, {
        headers: { ...headers, 'x-gw-ims-org-id': DEMO.adobe.orgId },
      })
      expect(demoOrg.json.error_code).toBe('403027')
    } finally {
      await custom.close()
    }
  })
})
