import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { conversion, HEX32, mappingBody } from './helpers.js'
import { DEMO, XDM_FULL_CONTENT_TYPE, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const create = (body: unknown = mappingBody()) => conversion(emu, 'POST', '/mappingSets', { body })
const MAPPER_400 = /^http:\/\/ns\.adobe\.com\/aep\/errors\/MAPPER-\d{4}-400$/

describe('POST /mappingSets', () => {
  it('200 with a 32-hex id and version 0; reads back with ATTRIBUTE as text/x.schema-path', async () => {
    const res = await create()
    expect(res.status).toBe(200)
    expect(res.json.id).toMatch(HEX32)
    expect(res.json.version).toBe(0)
    expect(res.json.createdBy).toBe(DEMO.adobe.clientId)

    const read = await conversion(emu, 'GET', `/mappingSets/${res.json.id}`)
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({
      id: res.json.id,
      version: 0,
      outputSchema: { schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL_CONTENT_TYPE } },
    })
    expect(read.json.mappings.map((m: Record<string, string>) => [m.sourceType, m.source, m.destination])).toEqual([
      ['text/x.schema-path', 'Vid', '_id'],
      ['text/x.schema-path', 'Properties_Firstname_Value', 'person.name.firstName'],
      ['text/x.schema-path', 'Added_At', '_repo.createDate'],
    ])
    for (const m of read.json.mappings) expect(m.id).toMatch(HEX32)
    // The test view keeps what was sent.
    expect(emu.mappingSets()[0]!.versions[0]!.mappings[0]!.sourceType).toBe('ATTRIBUTE')
  })

  it('refuses a malformed body, an unknown schema and destinations the schema lacks', async () => {
    const bad = [
      'not json',
      { mappings: mappingBody().mappings },
      { ...mappingBody(), outputSchema: { schemaRef: { id: DEMO.dataset.schemaId, contentType: 'application/json' } } },
      mappingBody([]),
      mappingBody([{ sourceType: 'ATTRIBUTE', source: 'Vid' }]),
      mappingBody(undefined, 'https://ns.adobe.com/emulatordemo/schemas/unknown'),
      mappingBody([{ sourceType: 'ATTRIBUTE', source: 'Vid', destination: 'person.birthDate' }]),
    ]
    for (const body of bad) {
      const res = await conversion(emu, 'POST', '/mappingSets', {
        body,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status).toBe(400)
      expect(res.json.type).toMatch(MAPPER_400)
    }
    const unknown = await create(
      mappingBody([{ sourceType: 'ATTRIBUTE', source: 'Vid', destination: 'person.birthDate' }]),
    )
    expect(unknown.json.detail).toContain('person.birthDate')
    expect(emu.mappingSets()).toEqual([])
  })

  it('a schema is known through the datasets of the sandbox', async () => {
    const dataset = emu.seedDataset({ name: 'dev', sandbox: 'dev', schemaFields: ['_id'] })
    const body = mappingBody([{ sourceType: 'ATTRIBUTE', source: 'Vid', destination: '_id' }], dataset.schemaRef.id)
    expect((await conversion(emu, 'POST', '/mappingSets', { body })).status).toBe(400)
    expect((await conversion(emu, 'POST', '/mappingSets', { body, sandbox: 'dev' })).status).toBe(200)
  })
})

describe('POST /mappingSets/validate', () => {
  it('flags destinations not in the schema and sourceTypes other than ATTRIBUTE/EXPRESSION', async () => {
    const res = await conversion(emu, 'POST', '/mappingSets/validate', {
      body: mappingBody([
        { sourceType: 'ATTRIBUTE', source: 'Vid', destination: '_id' },
        { sourceType: 'EXPRESSION', source: 'lower(Properties_Email_Value)', destination: 'personalEmail.address' },
        { sourceType: 'text/x.schema-path', source: 'Added_At', destination: '_repo.createDate' },
        { sourceType: 'ATTRIBUTE', source: 'Portal_Id', destination: 'person.portal' },
      ]),
    })
    expect(res.status).toBe(200)
    const entries = res.json.validationResponse
    expect(entries.map((e: { status: string }) => e.status)).toEqual(['SUCCESS', 'SUCCESS', 'ERROR', 'ERROR'])
    expect(entries[0]).toEqual({ source: 'Vid', destination: '_id', sourceType: 'ATTRIBUTE', status: 'SUCCESS' })
    expect(entries[2].errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_SOURCE_TYPE'])
    expect(entries[3].errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_DESTINATION'])
    expect(emu.mappingSets()).toEqual([]) // validating stores nothing
  })
})

describe('PUT, versions and the list', () => {
  it('PUT keeps the id and raises the version; ?version=N reads any version back; unknown is 404', async () => {
    const { id } = (await create()).json
    const put = await conversion(emu, 'PUT', `/mappingSets/${id}`, {
      body: mappingBody([
        { sourceType: 'ATTRIBUTE', source: 'Properties_Lastname_Value', destination: 'person.name.lastName' },
      ]),
    })
    expect(put.status).toBe(200)
    expect(put.json.id).toBe(id)
    expect(put.json.version).toBe(1)
    const v0 = await conversion(emu, 'GET', `/mappingSets/${id}?version=0`)
    const v1 = await conversion(emu, 'GET', `/mappingSets/${id}?version=1`)
    const latest = await conversion(emu, 'GET', `/mappingSets/${id}`)
    expect(v0.json.mappings).toHaveLength(3)
    expect(v1.json.mappings.map((m: { destination: string }) => m.destination)).toEqual(['person.name.lastName'])
    expect(latest.json.version).toBe(1)
    expect((await conversion(emu, 'GET', `/mappingSets/${id}?version=2`)).status).toBe(404)
    expect((await conversion(emu, 'GET', `/mappingSets/${'0'.repeat(32)}`)).status).toBe(404)
    expect((await conversion(emu, 'PUT', `/mappingSets/${'0'.repeat(32)}`, { body: mappingBody() })).status).toBe(404)
    expect(emu.mappingSets()[0]!.versions.map((v) => v.version)).toEqual([0, 1])
  })

  it('a set created with another sourceType is accepted but cannot be edited afterwards', async () => {
    const { id } = (
      await create(mappingBody([{ sourceType: 'text/x.schema-path', source: 'Vid', destination: '_id' }]))
    ).json
    const put = await conversion(emu, 'PUT', `/mappingSets/${id}`, { body: mappingBody() })
    expect(put.status).toBe(400)
    expect(put.json.detail).toContain('cannot be edited')
  })

  it('GET /mappingSets needs start and limit, filters by name, pages and orders', async () => {
    for (const name of ['alpha', 'beta', 'alpha']) await create({ ...mappingBody(), name })
    expect((await conversion(emu, 'GET', '/mappingSets')).status).toBe(400)
    expect((await conversion(emu, 'GET', '/mappingSets?limit=0&start=0')).status).toBe(400)
    const all = await conversion(emu, 'GET', '/mappingSets?limit=2&start=0')
    expect(all.json.data).toHaveLength(2)
    expect(all.json._page.count).toBe(3)
    const rest = await conversion(emu, 'GET', '/mappingSets?limit=2&start=2')
    expect(rest.json.data).toHaveLength(1)
    const named = await conversion(emu, 'GET', '/mappingSets?limit=10&start=0&name=alpha')
    expect(named.json.data.map((s: { name: string }) => s.name)).toEqual(['alpha', 'alpha'])
    const newest = await conversion(emu, 'GET', '/mappingSets?limit=1&start=0&orderBy=-createdDate')
    expect(newest.json.data[0].id).toBe(emu.mappingSets().at(-1)!.id)
    expect((await conversion(emu, 'GET', '/mappingSets?limit=1&start=0&orderBy=name')).status).toBe(400)
  })

  it('unknown paths under /conversion are a Data Prep 404; the gateway checks apply', async () => {
    const res = await conversion(emu, 'DELETE', '/mappingSets')
    expect(res.status).toBe(404)
    expect(res.json.type).toMatch(/MAPPER-\d{4}-404$/)
    const noToken = await conversion(emu, 'GET', '/mappingSets?limit=1&start=0', {
      headers: { authorization: undefined },
    })
    expect(noToken.json.error_code).toBe('403010')
    const text = await conversion(emu, 'POST', '/mappingSets', {
      body: mappingBody(),
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.json.title).toBe('BadRequestError')
  })
})
