import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { ETAG, flowCode, platform, targetBody, UUID } from './helpers.js'
import {
  BASE_PATH,
  DATA_LAKE_CONNECTION_SPEC_ID,
  DEMO,
  HUBSPOT_CONNECTION_SPEC_ID,
  XDM_FULL_CONTENT_TYPE,
  type Emulator,
} from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const create = (body: unknown, sandbox?: string) =>
  platform(emu, 'POST', '/targetConnections', { body, ...(sandbox ? { sandbox } : {}) })

describe('POST /targetConnections', () => {
  it('201 {id, etag} + Location for the demo dataset; reads back with data, params and connectionSpec', async () => {
    const res = await create(targetBody())
    expect(res.status).toBe(201)
    expect(res.json.id).toMatch(UUID)
    expect(res.json.etag).toMatch(ETAG)
    expect(res.headers.get('location')).toBe(`${emu.urls.platform}${BASE_PATH}/targetConnections/${res.json.id}`)
    const read = await platform(emu, 'GET', `/targetConnections/${res.json.id}`)
    expect(read.json.items[0]).toMatchObject({
      id: res.json.id,
      name: 'HubSpot target connection',
      state: 'enabled',
      data: { schema: { id: DEMO.dataset.schemaId, version: XDM_FULL_CONTENT_TYPE } },
      params: { dataSetId: DEMO.dataset.id },
      connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC_ID, version: '1.0' },
      etag: res.json.etag,
      version: res.json.etag,
    })
    expect(emu.targetConnections()).toHaveLength(1)
  })

  it('a name is optional (the spec requires only connectionSpec and data)', async () => {
    const body = targetBody()
    delete body.name
    const res = await create(body)
    expect(res.status).toBe(201)
    expect(emu.targetConnections()[0]!.name).toBeUndefined()
  })

  it.each([
    ['the HubSpot connection spec', { connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' } }, '1413-400'],
    ['no data.schema', { data: {} }, '1100-400'],
    [
      'data.schema.version ;version=1.0',
      { data: { schema: { id: DEMO.dataset.schemaId, version: `${XDM_FULL_CONTENT_TYPE}.0` } } },
      '1100-400',
    ],
    ['no params.dataSetId', { params: {} }, '1100-400'],
    ['a dataset that does not exist', { params: { dataSetId: '0123456789abcdef01234567' } }, '1100-400'],
  ])('refuses %s with FLOW-%s', async (_what, change, code) => {
    const res = await create({ ...targetBody(), ...change })
    expect(res.status).toBe(400)
    expect(flowCode(res)).toBe(code)
    expect(emu.targetConnections()).toEqual([])
  })

  it('datasets are per sandbox: one seeded in dev is unknown in prod', async () => {
    const dataset = emu.seedDataset({ name: 'dev only', sandbox: 'dev' })
    const prod = await create(targetBody(dataset.id, dataset.schemaRef.id))
    expect(prod.status).toBe(400)
    expect(prod.json.report['detailed-message']).toContain(dataset.id)
    expect((await create(targetBody(dataset.id, dataset.schemaRef.id), 'dev')).status).toBe(201)
  })
})

describe('GET, PATCH, DELETE /targetConnections', () => {
  it('filters on params.dataSetId and data.schema.id', async () => {
    const other = emu.seedDataset({ name: 'other' })
    await create(targetBody())
    await create(targetBody(other.id, other.schemaRef.id, 'other target'))
    const byDataset = await platform(emu, 'GET', `/targetConnections?property=params.dataSetId==${other.id}`)
    expect(byDataset.json.items.map((t: { name: string }) => t.name)).toEqual(['other target'])
    const bySchema = await platform(
      emu,
      'GET',
      `/targetConnections?property=${encodeURIComponent(`data.schema.id==${DEMO.dataset.schemaId}`)}`,
    )
    expect(bySchema.json.items.map((t: { name: string }) => t.name)).toEqual(['HubSpot target connection'])
  })

  it('PATCH renames under If-Match; the dataset cannot be patched; DELETE answers 204', async () => {
    const { id, etag } = (await create(targetBody())).json
    const rename = await platform(emu, 'PATCH', `/targetConnections/${id}`, {
      body: [{ op: 'replace', path: '/name', value: 'Renamed' }],
      headers: { 'if-match': etag },
    })
    expect(rename.status).toBe(200)
    const dataset = await platform(emu, 'PATCH', `/targetConnections/${id}`, {
      body: [{ op: 'replace', path: '/params/dataSetId', value: 'x' }],
      headers: { 'if-match': rename.json.etag },
    })
    expect(flowCode(dataset)).toBe('1455-400')
    expect(emu.targetConnections()[0]!.name).toBe('Renamed')
    expect((await platform(emu, 'DELETE', `/targetConnections/${id}`)).status).toBe(204)
    expect(emu.targetConnections()).toEqual([])
  })
})
