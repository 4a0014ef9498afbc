import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { flowCode, platform } from './helpers.js'
import { DEFAULT_HUBSPOT_TABLES, startEmulator, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const explore = (e: Emulator, id: string, query: string) => platform(e, 'GET', `/connections/${id}/explore?${query}`)

describe('explore', () => {
  it('objectType=root lists exactly the configured tables, each with the documented fields', async () => {
    const { id } = emu.seedConnection({ name: 'x' })
    const res = await explore(emu, id, 'objectType=root')
    expect(res.status).toBe(200)
    expect(res.json.map((t: { path: string }) => t.path)).toEqual(DEFAULT_HUBSPOT_TABLES.map((t) => t.path))
    expect(res.json.map((t: { path: string }) => t.path)).toEqual(
      expect.arrayContaining(['Hubspot.Contacts', 'Hubspot.Companies', 'Hubspot.All_Deals']),
    )
    for (const entry of res.json) {
      expect(Object.keys(entry).sort()).toEqual(['canFetchSchema', 'canPreview', 'name', 'path', 'type'])
      expect(entry.type).toBe('table')
    }
  })

  it('objectType=table describes a table: format flat, columns with name, type and xdm', async () => {
    const { id } = emu.seedConnection({ name: 'x' })
    const res = await explore(emu, id, 'objectType=table&object=Hubspot.Contacts')
    expect(res.status).toBe(200)
    expect(res.json.format).toBe('flat')
    expect(res.json).not.toHaveProperty('data')
    const columns: Array<{ name: string }> = res.json.schema.columns
    expect(columns.map((c) => c.name)).toEqual([
      'Vid',
      'Properties_Firstname_Value',
      'Properties_Lastname_Value',
      'Properties_Email_Value',
      'Added_At',
      'Portal_Id',
      'Lastmodifieddate',
    ])
    expect(columns).toContainEqual({
      name: 'Added_At',
      type: 'string',
      'meta:xdmType': 'date-time',
      xdm: { type: 'string', format: 'date-time' },
    })
    expect(columns).toContainEqual({ name: 'Portal_Id', type: 'string', xdm: { type: 'string' } })
    // The spec's capitals work too; preview=true adds rows with one value per column.
    const preview = await explore(emu, id, 'objectType=TABLE&object=Hubspot.All_Deals&preview=true')
    expect(preview.json.data).toHaveLength(2)
    expect(Object.keys(preview.json.data[0])).toEqual(preview.json.schema.columns.map((c: { name: string }) => c.name))
  })

  it('an unknown table is FLOW-1100-400 from the provider; a missing object or another type is 1451', async () => {
    const { id } = emu.seedConnection({ name: 'x' })
    const unknown = await explore(emu, id, 'objectType=table&object=Hubspot.Nope')
    expect(unknown.status).toBe(400)
    expect(flowCode(unknown)).toBe('1100-400')
    expect(unknown.json.report['detailed-message']).toContain("'Hubspot.Nope'")
    // The root listing's short name is not a path.
    expect(flowCode(await explore(emu, id, 'objectType=table&object=Contacts'))).toBe('1100-400')
    expect(flowCode(await explore(emu, id, 'objectType=table'))).toBe('1451-400')
    expect(flowCode(await explore(emu, id, 'objectType=folder'))).toBe('1451-400')
    expect((await explore(emu, 'unknown', 'objectType=table&object=Hubspot.Contacts')).status).toBe(404)
  })

  it('tables come from the config: root and table answers agree with it', async () => {
    const own = await startEmulator({
      tables: [
        { path: 'Hubspot.Tickets', columns: [{ name: 'Ticket_Id', type: 'integer', xdm: { type: 'integer' } }] },
      ],
    })
    try {
      const { id } = own.seedConnection({ name: 'x' })
      expect((await explore(own, id, 'objectType=root')).json).toEqual([
        { type: 'table', name: 'Hubspot.Tickets', path: 'Hubspot.Tickets', canPreview: true, canFetchSchema: true },
      ])
      const table = await explore(own, id, 'objectType=table&object=Hubspot.Tickets')
      expect(table.json.schema.columns).toEqual([{ name: 'Ticket_Id', type: 'integer', xdm: { type: 'integer' } }])
      expect((await explore(own, id, 'objectType=table&object=Hubspot.Contacts')).status).toBe(400)
    } finally {
      await own.close()
    }
  })

  it('refuses tables with duplicate or empty paths at start', async () => {
    const table = { path: 'Hubspot.Contacts', columns: [] }
    await expect(startEmulator({ tables: [table, table] })).rejects.toThrow(/distinct/)
    await expect(startEmulator({ tables: [{ path: '', columns: [] }] })).rejects.toThrow(/non-empty/)
  })

  it('the table answer is refused like the root one when the stored credentials are wrong', async () => {
    const { id } = emu.seedConnection({
      name: 'revoked',
      params: { clientId: 'c', clientSecret: 's', accessToken: 'a', refreshToken: 'revoked' },
    })
    const res = await explore(emu, id, 'objectType=table&object=Hubspot.Contacts')
    expect(res.status).toBe(400)
    expect(res.json.report['detailed-message']).toContain('could not be reached with the stored credentials')
  })
})
