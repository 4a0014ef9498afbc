import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { catalog, CATALOG_ID, http } from './helpers.js'
import { CATALOG_BASE_PATH, DEMO, XDM_FULL_CONTENT_TYPE, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

describe('Catalog GET /dataSets/{id}', () => {
  it('the demo dataset is there from the start, in every sandbox, keyed by its id', async () => {
    expect(DEMO.dataset.id).toMatch(CATALOG_ID)
    for (const sandbox of DEMO.adobe.sandboxes) {
      const res = await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`, { sandbox })
      expect(res.status).toBe(200)
      expect(Object.keys(res.json)).toEqual([DEMO.dataset.id])
      expect(res.json[DEMO.dataset.id]).toMatchObject({
        name: DEMO.dataset.name,
        schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL_CONTENT_TYPE },
        imsOrg: DEMO.adobe.orgId,
        files: `@/dataSetFiles?dataSetId=${DEMO.dataset.id}`,
      })
    }
    expect(emu.datasets().map((d) => d.sandboxName)).toEqual(DEMO.adobe.sandboxes)
    expect(emu.datasets('prod')[0]!.schemaFields).toEqual(DEMO.dataset.schemaFields)
  })

  it('?properties= returns only those properties', async () => {
    const res = await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}?properties=name,schemaRef`)
    expect(res.json).toEqual({
      [DEMO.dataset.id]: {
        name: DEMO.dataset.name,
        schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL_CONTENT_TYPE },
      },
    })
  })

  it('seedDataset() adds one (24 hex id, its own schema); reset() keeps only the demo dataset', async () => {
    const seeded = emu.seedDataset({ name: 'Companies', schemaFields: ['_id', 'b2b.companyName'] })
    expect(seeded.id).toMatch(CATALOG_ID)
    expect(seeded.schemaRef.id).toMatch(/^https:\/\/ns\.adobe\.com\/emulatordemo\/schemas\/[0-9a-f]{40}$/)
    const res = await catalog(emu, 'GET', `/dataSets/${seeded.id}`)
    expect(res.json[seeded.id].name).toBe('Companies')
    expect(() => emu.seedDataset({ name: 'dup', id: seeded.id })).toThrow(/already exists/)
    expect(() => emu.seedDataset({ name: 'bad', id: 'XYZ' })).toThrow(/24 lowercase hex/)
    expect(() => emu.seedDataset({ name: 'x', sandbox: 'staging' })).toThrow(/sandbox/)
    emu.reset()
    expect(emu.datasets().map((d) => d.id)).toEqual(DEMO.adobe.sandboxes.map(() => DEMO.dataset.id))
    expect((await catalog(emu, 'GET', `/dataSets/${seeded.id}`)).status).toBe(404)
  })

  it('404 in the Catalog error shape for an unknown id, another sandbox, or another path', async () => {
    const dev = emu.seedDataset({ name: 'dev', sandbox: 'dev' })
    for (const res of [
      await catalog(emu, 'GET', '/dataSets/0123456789abcdef01234567'),
      await catalog(emu, 'GET', `/dataSets/${dev.id}`),
      await catalog(emu, 'GET', '/batches'),
    ]) {
      expect(res.status).toBe(404)
      expect(res.json.type).toMatch(/^http:\/\/ns\.adobe\.com\/aep\/errors\/CAT-\d{4}-404$/)
      expect(res.json.report['request-id']).toBe(res.headers.get('x-request-id'))
    }
  })

  it('the same gateway checks as Flow Service', async () => {
    const bare = await http(`${emu.urls.platform}${CATALOG_BASE_PATH}/dataSets/${DEMO.dataset.id}`)
    expect(bare.json).toEqual({ error_code: '403010', message: 'Oauth token is missing.' })
    const noKey = await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`, { headers: { 'x-api-key': undefined } })
    expect(noKey.json.error_code).toBe('403000')
    const noOrg = await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`, {
      headers: { 'x-gw-ims-org-id': undefined },
    })
    expect(noOrg.json.error_code).toBe('400003')
    const sandbox = await catalog(emu, 'GET', `/dataSets/${DEMO.dataset.id}`, { sandbox: 'staging' })
    expect(sandbox.json.type).toContain('FLOW-2100-404')
  })
})
