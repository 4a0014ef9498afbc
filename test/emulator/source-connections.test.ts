import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { ETAG, flowCode, http, platform, platformHeaders, sourceBody, UUID } from './helpers.js'
import { BASE_PATH, DEMO, HUBSPOT_CONNECTION_SPEC_ID, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started), { pageSize: 2 })

const create = (body: unknown, sandbox?: string) =>
  platform(emu, 'POST', '/sourceConnections', { body, ...(sandbox ? { sandbox } : {}) })

describe('POST /sourceConnections', () => {
  it('201 {id, etag} + Location; reads back as {"items":[…]} with the SourceConnectionItemDTO fields', async () => {
    const base = emu.seedConnection({ name: 'HubSpot' })
    const res = await create(sourceBody(base.id))
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual(['etag', 'id'])
    expect(res.json.id).toMatch(UUID)
    expect(res.json.etag).toMatch(ETAG)
    expect(res.headers.get('location')).toBe(`${emu.urls.platform}${BASE_PATH}/sourceConnections/${res.json.id}`)

    const read = await platform(emu, 'GET', `/sourceConnections/${res.json.id}`)
    expect(read.status).toBe(200)
    expect(read.json.items).toHaveLength(1)
    expect(read.json.items[0]).toMatchObject({
      id: res.json.id,
      name: 'HubSpot source Hubspot.Contacts',
      description: 'HubSpot source connection',
      baseConnectionId: base.id,
      state: 'enabled',
      data: { format: 'tabular' },
      params: { path: 'Hubspot.Contacts' },
      connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
      sandboxName: 'prod',
      imsOrgId: DEMO.adobe.orgId,
      createdClient: DEMO.adobe.clientId,
      etag: res.json.etag,
      version: res.json.etag,
      inheritedAttributes: { baseConnection: { id: base.id } },
    })
    expect(read.json.items[0].sandboxId).toMatch(UUID)
    expect(emu.sourceConnections().map((s) => s.id)).toEqual([res.json.id])
    expect(emu.sourceConnections('dev')).toEqual([])
  })

  it.each([
    ['an empty body', '', '1405-400'],
    [
      'another connection spec',
      { connectionSpec: { id: 'c604ff05-7f1a-43c0-8e18-33bf874cb11c', version: '1.0' } },
      '1413-400',
    ],
    ['a missing name', { name: '' }, '1100-400'],
    ['a missing data.format', { data: {} }, '1100-400'],
    ['a file format', { data: { format: 'delimited' } }, '1100-400'],
    ['the generic tableName form instead of params.path', { params: { tableName: 'Hubspot.Contacts' } }, '1100-400'],
    ['a table the source does not have', { params: { path: 'Hubspot.Leads' } }, '1100-400'],
    ["the root listing's short name", { params: { path: 'Contacts' } }, '1100-400'],
    ['a base connection that does not exist', { baseConnectionId: '00000000-0000-4000-8000-000000000000' }, '1100-400'],
  ])('refuses %s with FLOW-%s', async (_what, change, code) => {
    const base = emu.seedConnection({ name: 'HubSpot' })
    const body = typeof change === 'string' ? change : { ...sourceBody(base.id), ...change }
    const res = await platform(emu, 'POST', '/sourceConnections', {
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(flowCode(res)).toBe(code)
    expect(emu.sourceConnections()).toEqual([])
  })

  it('names every missing field; a base connection of another sandbox does not count', async () => {
    const missing = await create({ connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' } })
    for (const field of ['name', 'baseConnectionId', 'data.format', 'params.path']) {
      expect(missing.json.report['detailed-message']).toContain(field)
    }
    const devBase = emu.seedConnection({ name: 'dev', sandbox: 'dev' })
    const res = await create(sourceBody(devBase.id))
    expect(res.status).toBe(400)
    expect(res.json.report['detailed-message']).toContain('does not exist in this sandbox')
    expect((await create(sourceBody(devBase.id), 'dev')).status).toBe(201)
  })
})

describe('GET /sourceConnections', () => {
  const list = (query: string) => platform(emu, 'GET', `/sourceConnections?${query}`)
  const paths = (res: { json: { items: Array<{ params: { path: string } }> } }) =>
    res.json.items.map((i) => i.params.path)

  it('filters on baseConnectionId, name, params.path, connectionSpec.id and state', async () => {
    const a = emu.seedConnection({ name: 'a' })
    const b = emu.seedConnection({ name: 'b' })
    for (const [base, path] of [
      [a, 'Hubspot.Contacts'],
      [a, 'Hubspot.Companies'],
      [b, 'Hubspot.Contacts'],
    ] as const) {
      expect((await create(sourceBody(base.id, path))).status).toBe(201)
    }
    expect(paths(await list(`property=baseConnectionId==${a.id}`))).toEqual(['Hubspot.Contacts', 'Hubspot.Companies'])
    const byPath = await list(`property=params.path==Hubspot.Contacts&property=baseConnectionId==${b.id}`)
    expect(byPath.json.items).toHaveLength(1)
    expect(byPath.json.items[0].baseConnectionId).toBe(b.id)
    const byName = await list(`property=${encodeURIComponent('name=="HubSpot source Hubspot.Companies"')}`)
    expect(paths(byName)).toEqual(['Hubspot.Companies'])
    expect((await list(`property=connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}&count=true`)).json).toEqual({
      count: 3,
    })
    expect((await list('property=state==disabled')).json.items).toEqual([])
    expect((await list('property=params.tableName==Hubspot.Contacts')).json.items).toEqual([])
    expect(flowCode(await list('property=auth.specName==x'))).toBe('1449-400')
  })

  it('pages with _links.next like /connections; a token of another collection is refused', async () => {
    const base = emu.seedConnection({ name: 'a' })
    for (const path of ['Hubspot.Contacts', 'Hubspot.Companies', 'Hubspot.Deals'])
      await create(sourceBody(base.id, path))
    const first = await list('')
    expect(first.json.items).toHaveLength(2)
    const href: string = first.json._links.next.href
    expect(href).toMatch(/^\/sourceConnections\?continuationToken=[^&]+$/)
    const second = await http(`${emu.urls.platform}${BASE_PATH}${href}`, { headers: platformHeaders(emu) })
    expect(paths(second)).toEqual(['Hubspot.Deals'])
    expect(second.json._links).toBeUndefined()

    const token = href.split('=')[1]!
    const elsewhere = await platform(emu, 'GET', `/connections?continuationToken=${token}`)
    expect(flowCode(elsewhere)).toBe('1451-400')
  })
})

describe('PATCH and DELETE /sourceConnections/{id}', () => {
  async function created() {
    const base = emu.seedConnection({ name: 'a' })
    return (await create(sourceBody(base.id))).json as { id: string; etag: string }
  }
  const patch = (id: string, body: unknown, ifMatch?: string) =>
    platform(emu, 'PATCH', `/sourceConnections/${id}`, { body, headers: ifMatch ? { 'if-match': ifMatch } : {} })

  it('needs If-Match (1403), refuses a stale one (1404-412), accepts it with or without quotes', async () => {
    const { id, etag } = await created()
    const rename = [{ op: 'replace', path: '/name', value: 'Renamed' }]
    expect(flowCode(await patch(id, rename))).toBe('1403-400')
    const ok = await patch(id, rename, etag.slice(1, -1))
    expect(ok.status).toBe(200)
    expect(ok.json.id).toBe(id)
    expect(ok.json.etag).toMatch(ETAG)
    expect(ok.json.etag).not.toBe(etag)
    const stale = await patch(id, [{ op: 'replace', path: '/name', value: 'Lost' }], etag)
    expect(stale.status).toBe(412)
    expect(flowCode(stale)).toBe('1404-412')
    const table = await patch(id, [{ op: 'replace', path: '/params/path', value: 'Hubspot.Deals' }], ok.json.etag)
    expect(table.status).toBe(200)
    expect(emu.sourceConnections()[0]).toMatchObject({ name: 'Renamed', params: { path: 'Hubspot.Deals' } })
  })

  it('refuses other paths (1455), unknown tables and an empty name; nothing changes', async () => {
    const { id, etag } = await created()
    for (const body of [
      [{ op: 'replace', path: '/baseConnectionId', value: 'x' }],
      [{ op: 'replace', path: '/params/path', value: 'Hubspot.Nope' }],
      [{ op: 'replace', path: '/name', value: '' }],
    ]) {
      expect((await patch(id, body, etag)).status).toBe(400)
    }
    expect(flowCode(await patch(id, [{ op: 'replace', path: '/state', value: 'disabled' }], etag))).toBe('1455-400')
    expect(emu.sourceConnections()[0]!.etag).toBe(etag)
    expect((await patch('nope', [{ op: 'replace', path: '/name', value: 'x' }], etag)).status).toBe(404)
  })

  it('DELETE answers 204 and the connection is gone', async () => {
    const { id } = await created()
    const del = await platform(emu, 'DELETE', `/sourceConnections/${id}`)
    expect(del.status).toBe(204)
    expect(del.text).toBe('')
    expect((await platform(emu, 'GET', `/sourceConnections/${id}`)).status).toBe(404)
    expect((await platform(emu, 'DELETE', `/sourceConnections/${id}/`)).status).toBe(404)
    expect(emu.sourceConnections()).toEqual([])
  })
})
