import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { connectionBody, ETAG, platform, UUID } from './helpers.js'
import { BASE_PATH, DEMO, HUBSPOT_CONNECTION_SPEC_ID, SECRET_PLACEHOLDER, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const HUBSPOT_ACCESS_TOKEN = (connectionBody('x').auth as { params: { accessToken: string } }).params.accessToken
/** Every form a secret could leak in: raw, JSON-escaped, URL-encoded. */
function leakForms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]
}
const SECRETS = [DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken, HUBSPOT_ACCESS_TOKEN]

async function create(name = 'HubSpot (prod)', sandbox?: string) {
  const res = await platform(emu, 'POST', '/connections', {
    body: connectionBody(name),
    ...(sandbox ? { sandbox } : {}),
  })
  expect(res.status).toBe(201)
  return res
}

describe('POST /connections', () => {
  it('201 with a uuid id, an etag carrying literal quotes, and a Location header', async () => {
    const res = await create()
    expect(Object.keys(res.json).sort()).toEqual(['etag', 'id'])
    expect(res.json.id).toMatch(UUID)
    expect(res.json.etag).toMatch(ETAG)
    expect(res.text).toContain('"etag":"\\"') // the quotes are JSON-escaped inside the string
    expect(res.headers.get('location')).toBe(`${emu.urls.platform}${BASE_PATH}/connections/${res.json.id}`)

    const [stored] = emu.connections()
    expect(stored).toMatchObject({
      id: res.json.id,
      etag: res.json.etag,
      name: 'HubSpot (prod)',
      state: 'enabled',
      sandboxName: 'prod',
      imsOrgId: DEMO.adobe.orgId,
      connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
      createdBy: DEMO.adobe.clientId,
      createdClient: DEMO.adobe.clientId,
    })
    // The test-side view keeps the raw secrets.
    expect(stored!.auth.params.clientSecret).toBe(DEMO.hubspot.clientSecret)
    expect(stored!.auth.params.refreshToken).toBe(DEMO.hubspot.refreshToken)
  })

  it('reads back as {"items":[…]} with every DTO field, secrets masked, clientId kept', async () => {
    const { json: created } = await create()
    for (const path of [`/connections/${created.id}`, `/connections/${created.id}/`]) {
      const res = await platform(emu, 'GET', path)
      expect(res.status).toBe(200)
      expect(res.json.items).toHaveLength(1)
      const item = res.json.items[0]
      expect(Object.keys(item).sort()).toEqual(
        [
          'auth',
          'connectionSpec',
          'createdAt',
          'createdBy',
          'createdClient',
          'description',
          'etag',
          'id',
          'imsOrgId',
          'name',
          'sandboxId',
          'sandboxName',
          'state',
          'updatedAt',
          'updatedBy',
          'updatedClient',
          'version',
        ].sort(),
      )
      expect(item.auth).toEqual({
        specName: 'Basic Authentication',
        params: {
          clientId: DEMO.hubspot.clientId,
          clientSecret: SECRET_PLACEHOLDER,
          accessToken: SECRET_PLACEHOLDER,
          refreshToken: SECRET_PLACEHOLDER,
        },
      })
      expect(item.etag).toBe(created.etag)
      expect(item.version).toBe(created.etag)
      expect(item.createdAt).toBe(item.updatedAt)
      expect(Math.abs(item.createdAt - Date.now())).toBeLessThan(60_000) // epoch milliseconds
      expect(item.sandboxId).toMatch(UUID)
      for (const secret of SECRETS) for (const form of leakForms(secret)) expect(res.text).not.toContain(form)
    }
  })

  it('400 FLOW-1405-400 for an empty or non-JSON body', async () => {
    for (const body of ['', 'not json', '[1,2]']) {
      const res = await platform(emu, 'POST', '/connections', { body, headers: { 'content-type': 'application/json' } })
      expect(res.status).toBe(400)
      expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1405-400')
    }
    expect(emu.connections()).toHaveLength(0)
  })

  it('400 FLOW-1413-400 for another connection spec id', async () => {
    const res = await platform(emu, 'POST', '/connections', {
      body: { ...connectionBody('x'), connectionSpec: { id: '00000000-0000-0000-0000-000000000000', version: '1.0' } },
    })
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1413-400')
  })

  it('400 FLOW-1415-400 for another auth spec name', async () => {
    const body = connectionBody('x')
    ;(body.auth as { specName: string }).specName = 'OAuth 2 Refresh Code'
    const res = await platform(emu, 'POST', '/connections', { body })
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1415-400')
    expect(res.json.report['detailed-message']).toBe(
      `The auth spec 'OAuth 2 Refresh Code' could not be found for the connection spec ID ${HUBSPOT_CONNECTION_SPEC_ID}.`,
    )
  })

  it('400 naming exactly the missing fields, never echoing secret values', async () => {
    const body = connectionBody('', { accessToken: '' })
    delete (body.auth as { params: Record<string, string> }).params.refreshToken
    const res = await platform(emu, 'POST', '/connections', { body })
    expect(res.status).toBe(400)
    expect(res.json.type).toMatch(/^https:\/\/ns\.adobe\.com\/aep\/errors\/FLOW-\d{4}-400$/)
    const message: string = res.json.report['detailed-message']
    expect(message).toContain('name')
    expect(message).toContain('auth.params.accessToken')
    expect(message).toContain('auth.params.refreshToken')
    expect(message).not.toContain('clientSecret')
    expect(message).not.toContain('auth.params.clientId')
    for (const form of leakForms(DEMO.hubspot.clientSecret)) expect(res.text).not.toContain(form)
    expect(emu.connections()).toHaveLength(0)
  })

  it('GET of an unknown id is 404 FLOW-1101-404', async () => {
    const res = await platform(emu, 'GET', '/connections/6d5a9ad4-0000-4000-8000-000000000000')
    expect(res.status).toBe(404)
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1101-404')
    expect(res.json.title).toBe('Resource not found')
  })
})

describe('per-sandbox isolation', () => {
  it('a connection created in dev is invisible from prod, by id and in lists', async () => {
    const { json: created } = await create('dev only', 'dev')
    expect((await platform(emu, 'GET', `/connections/${created.id}`, { sandbox: 'dev' })).status).toBe(200)
    expect((await platform(emu, 'GET', `/connections/${created.id}`, { sandbox: 'prod' })).status).toBe(404)
    expect((await platform(emu, 'GET', `/connections/${created.id}`)).status).toBe(404)
    expect((await platform(emu, 'GET', '/connections', { sandbox: 'prod' })).json.items).toEqual([])
    expect((await platform(emu, 'DELETE', `/connections/${created.id}`, { sandbox: 'prod' })).status).toBe(404)
    expect(emu.connections('dev').map((c) => c.name)).toEqual(['dev only'])
    expect(emu.connections('prod')).toEqual([])
    expect(emu.connections()).toHaveLength(1)
  })
})

describe('PATCH /connections/{id}', () => {
  const replaceName = [{ op: 'replace', path: '/name', value: 'Renamed' }]

  it('200 with a new etag when If-Match carries the current etag (with or without its quotes)', async () => {
    const { json: created } = await create()
    const first = await platform(emu, 'PATCH', `/connections/${created.id}`, {
      body: replaceName,
      headers: { 'if-match': created.etag },
    })
    expect(first.status).toBe(200)
    expect(first.json.id).toBe(created.id)
    expect(first.json.etag).toMatch(ETAG)
    expect(first.json.etag).not.toBe(created.etag)

    const unquoted = first.json.etag.slice(1, -1)
    const second = await platform(emu, 'PATCH', `/connections/${created.id}/`, {
      body: [
        { op: 'REPLACE', path: '/auth/params/accessToken', value: 'CJnewtoken' },
        { op: 'Add', path: '/description', value: 'now with a new token' },
      ],
      headers: { 'if-match': unquoted },
    })
    expect(second.status).toBe(200)

    const [stored] = emu.connections()
    expect(stored!.name).toBe('Renamed')
    expect(stored!.description).toBe('now with a new token')
    expect(stored!.auth.params.accessToken).toBe('CJnewtoken')
    expect(stored!.etag).toBe(second.json.etag)
    expect(stored!.updatedAt).toBeGreaterThan(stored!.createdAt)
    const read = await platform(emu, 'GET', `/connections/${created.id}`)
    expect(read.json.items[0].version).toBe(second.json.etag)
  })

  it('replacing the whole /auth/params works when all four params stay present', async () => {
    const { json: created } = await create()
    const params = { clientId: 'c', clientSecret: 's', accessToken: 'a', refreshToken: 'r' }
    const res = await platform(emu, 'PATCH', `/connections/${created.id}`, {
      body: [{ op: 'replace', path: '/auth/params', value: params }],
      headers: { 'if-match': created.etag },
    })
    expect(res.status).toBe(200)
    expect(emu.connections()[0]!.auth.params).toEqual(params)
  })

  it('400 FLOW-1403-400 without If-Match', async () => {
    const { json: created } = await create()
    const res = await platform(emu, 'PATCH', `/connections/${created.id}`, { body: replaceName })
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1403-400')
    expect(res.json.title).toBe('Header is missing')
    expect(emu.connections()[0]!.name).toBe('HubSpot (prod)')
  })

  it('412 FLOW-1404-412 with a stale If-Match', async () => {
    const { json: created } = await create()
    await platform(emu, 'PATCH', `/connections/${created.id}`, {
      body: replaceName,
      headers: { 'if-match': created.etag },
    })
    const stale = await platform(emu, 'PATCH', `/connections/${created.id}`, {
      body: [{ op: 'replace', path: '/name', value: 'Lost update' }],
      headers: { 'if-match': created.etag },
    })
    expect(stale.status).toBe(412)
    expect(stale.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1404-412')
    expect(emu.connections()[0]!.name).toBe('Renamed')
  })

  it('400 FLOW-1414-400 for the connection spec, 1455 for other invalid instructions; nothing changes', async () => {
    const { json: created } = await create()
    const patch = (body: unknown) =>
      platform(emu, 'PATCH', `/connections/${created.id}`, { body, headers: { 'if-match': created.etag } })

    const spec = await patch([{ op: 'replace', path: '/connectionSpec/id', value: 'other' }])
    expect(spec.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1414-400')
    for (const body of [
      [{ op: 'replace', path: '/state', value: 'disabled' }],
      [{ op: 'remove', path: '/auth/params/refreshToken' }],
      [{ op: 'replace', path: '/auth/params/clientSecret', value: 42 }],
      [{ op: 'remove', path: '/name' }],
      [],
      { op: 'replace', path: '/name', value: 'not an array' },
    ]) {
      const res = await patch(body)
      expect(res.status).toBe(400)
      expect(res.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1455-400')
    }
    const removal = await patch([{ op: 'remove', path: '/auth/params/refreshToken' }])
    expect(removal.json.report['detailed-message']).toContain('auth.params.refreshToken')
    const move = await patch([{ op: 'move', from: '/name', path: '/description' }])
    expect(move.status).toBe(400)
    expect(move.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1434-400')
    expect(emu.connections()[0]!.etag).toBe(created.etag)
  })

  it('404 for an unknown id (with a valid If-Match format)', async () => {
    const res = await platform(emu, 'PATCH', '/connections/nope', { body: replaceName, headers: { 'if-match': '"x"' } })
    expect(res.status).toBe(404)
  })
})

describe('DELETE /connections/{id}', () => {
  it('204 with an empty body (with or without trailing slash); the connection is gone', async () => {
    const a = (await create('a')).json
    const b = (await create('b')).json
    const delA = await platform(emu, 'DELETE', `/connections/${a.id}`)
    expect(delA.status).toBe(204)
    expect(delA.text).toBe('')
    const delB = await platform(emu, 'DELETE', `/connections/${b.id}/`)
    expect(delB.status).toBe(204)
    expect((await platform(emu, 'GET', `/connections/${a.id}`)).status).toBe(404)
    expect(emu.connections()).toEqual([])
    expect((await platform(emu, 'DELETE', `/connections/${a.id}`)).status).toBe(404)
  })
})

describe('GET /connections/{id}/explore?objectType=root', () => {
  it('lists HubSpot objects when the stored HubSpot credentials are the ones HubSpot accepts', async () => {
    const { json: created } = await create()
    const res = await platform(emu, 'GET', `/connections/${created.id}/explore?objectType=root`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual(
      expect.arrayContaining([
        { type: 'table', name: 'Contacts', path: 'Hubspot.Contacts', canPreview: true, canFetchSchema: true },
        expect.objectContaining({ name: 'Companies', path: 'Hubspot.Companies' }),
        expect.objectContaining({ name: 'Deals', path: 'Hubspot.Deals' }),
      ]),
    )
  })

  it('400 FLOW-style error when the stored credentials are wrong, without echoing them', async () => {
    const wrongSecret = 'wrong+secret/with=odd&chars é'
    const res0 = await platform(emu, 'POST', '/connections', {
      body: connectionBody('bad creds', { clientSecret: wrongSecret }),
    })
    const res = await platform(emu, 'GET', `/connections/${res0.json.id}/explore?objectType=root`)
    expect(res.status).toBe(400)
    expect(res.json.type).toMatch(/FLOW-\d{4}-400$/)
    expect(res.json.report['detailed-message']).toContain('could not be reached with the stored credentials')
    for (const secret of [wrongSecret, ...SECRETS])
      for (const form of leakForms(secret)) expect(res.text).not.toContain(form)

    const seeded = emu.seedConnection({
      name: 'revoked',
      params: {
        clientId: DEMO.hubspot.clientId,
        clientSecret: DEMO.hubspot.clientSecret,
        accessToken: 'x',
        refreshToken: 'revoked',
      },
    })
    expect((await platform(emu, 'GET', `/connections/${seeded.id}/explore?objectType=root`)).status).toBe(400)
  })

  it('400 without objectType=root, 404 for an unknown connection', async () => {
    const { json: created } = await create()
    expect((await platform(emu, 'GET', `/connections/${created.id}/explore`)).status).toBe(400)
    expect((await platform(emu, 'GET', '/connections/unknown/explore?objectType=root')).status).toBe(404)
  })
})

describe('GET /connectionSpecs', () => {
  it('returns the HubSpot spec by id, wrapped in items, and 404 for others', async () => {
    const res = await platform(emu, 'GET', `/connectionSpecs/${HUBSPOT_CONNECTION_SPEC_ID}`)
    expect(res.status).toBe(200)
    const spec = res.json.items[0]
    expect(spec.id).toBe(HUBSPOT_CONNECTION_SPEC_ID)
    expect(spec.name).toBe('hubspot')
    expect(spec.authSpec[0].name).toBe('Basic Authentication')
    expect(spec.authSpec[0].spec.required).toEqual(['clientId', 'clientSecret', 'accessToken', 'refreshToken'])
    expect((await platform(emu, 'GET', '/connectionSpecs/00000000-0000-0000-0000-000000000000')).status).toBe(404)
  })

  it('filters the list by name, quotes allowed', async () => {
    const res = await platform(emu, 'GET', `/connectionSpecs?property=${encodeURIComponent('name=="hubspot"')}`)
    expect(res.json.items.map((s: { id: string }) => s.id)).toEqual([HUBSPOT_CONNECTION_SPEC_ID])
    const none = await platform(emu, 'GET', '/connectionSpecs?property=name==salesforce')
    expect(none.json.items).toEqual([])
  })
})
