import { beforeEach, describe, expect, it } from 'vitest'
import { FLOW_SERVICE_PATH, FlowServiceClient, type Resource } from '../../../src/adobe/flow-service/client.js'
import { FlowResources, type ResourceKind } from '../../../src/adobe/flow-service/ensure-one.js'
import { hubspotSources, sourceConnectionBody, sourceTable } from '../../../src/hubspot/source-connections.js'
import { HUBSPOT_CONNECTION_SPEC } from '../../../src/hubspot/source.js'
import { DEMO } from '../../emulator/demo.js'
import { HUBSPOT_CONNECTION_SPEC_ID, type Emulator } from '../../emulator/server.js'
import { commitThenReset, type Target } from '../../support/faults.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, httpStack, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const SOURCES = `${FLOW_SERVICE_PATH}/sourceConnections`
const createSource: Target = { service: 'platform', method: 'POST', path: SOURCES }
const BASE = '8a1c3e5f-9b2d-4068-ace1-3579bdf02468'
const OTHER_SPEC = '11111111-2222-3333-4444-555555555555'

let stack: Stack
let client: FlowServiceClient
let resources: FlowResources
beforeEach(() => {
  stack = httpStack()
  client = new FlowServiceClient(stack.sender, stack.secrets, {
    platformUrl: emulator.urls.platform,
    apiKey: DEMO.adobe.clientId,
    orgId: DEMO.adobe.orgId,
    sandboxName: 'prod',
    tokens: { given: true, current: () => emulator.issueAdobeToken(), renew: async () => undefined },
  })
  resources = new FlowResources(client, () => undefined)
})

const resource = (fields: Record<string, unknown>): Resource => ({ id: 'x', name: 'S', etag: '"1"', ...fields })
const ours = { baseConnectionId: BASE, connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID } }

/** A source connection as another tool would make it. */
async function made(name: string, baseConnectionId: string, table = 'Hubspot.Contacts') {
  const created = await client.create('sourceConnections', sourceConnectionBody(name, baseConnectionId, table), {
    noun: 'source connection',
    name,
    unconfirmedHint: '',
    windowMs: 0,
    find: async () => undefined,
  })
  return created.value.id
}

describe('HubSpot source connections', () => {
  it('makes the body of a source connection to one HubSpot table', () => {
    expect(sourceConnectionBody('S', BASE, 'Hubspot.Contacts')).toEqual({
      name: 'S',
      baseConnectionId: BASE,
      data: { format: 'tabular' },
      params: { path: 'Hubspot.Contacts' },
      connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
    })
    expect(sourceConnectionBody('S', BASE, 'x').connectionSpec).toBe(HUBSPOT_CONNECTION_SPEC)
  })

  it('lists those of one base connection, filtered by it and the spec, and checks both on each', () => {
    const kind = hubspotSources(BASE)
    expect(kind.collection).toBe('sourceConnections')
    expect(kind.filters).toEqual([`baseConnectionId==${BASE}`, `connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}`])
    expect(kind.belongs(resource(ours))).toBe(true)
    expect(kind.belongs(resource({ ...ours, baseConnectionId: OTHER_SPEC }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, baseConnectionId: 1 }))).toBe(false)
    expect(kind.belongs(resource({ connectionSpec: ours.connectionSpec }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, connectionSpec: { id: OTHER_SPEC } }))).toBe(false)
    expect(kind.belongs(resource({ baseConnectionId: BASE }))).toBe(false)
  })

  it('refuses a base connection id that is not a UUID: it goes into a filter', async () => {
    for (const id of ['', 'x', `${BASE},${OTHER_SPEC}`, `${BASE}&property=x`, `${BASE} `]) {
      const error = await actionErrorOf(Promise.resolve().then(() => hubspotSources(id)))
      expect(error.facts.kind).toBe('input')
      expect(error.message).toContain(JSON.stringify(id))
    }
    expect(hubspotSources(BASE.toUpperCase()).filters[0]).toBe(`baseConnectionId==${BASE.toUpperCase()}`)
  })

  it('reads the table of a listed source connection', () => {
    expect(sourceTable(resource({ params: { path: 'Hubspot.Deals' } }))).toBe('Hubspot.Deals')
    expect(sourceTable(resource({ params: { tableName: 'Deals' } }))).toBeUndefined()
    expect(sourceTable(resource({}))).toBeUndefined()
  })
})

describe('HubSpot source connections in Flow Service', () => {
  it('finds only those of that name, of that base connection', async () => {
    const base = emulator.seedConnection({ name: 'HubSpot' }).id
    const other = emulator.seedConnection({ name: 'HubSpot' }).id
    const first = await made('Contacts', base)
    await made('Contacts', other)
    await made('Contacts ', base)
    const second = await made('Contacts', base, 'Hubspot.Companies')
    const kind = hubspotSources(base)
    const found = await resources.findNamed(kind, 'Contacts')
    expect(found.map((s) => s.id)).toEqual([first, second])
    expect(found.map(sourceTable)).toEqual(['Hubspot.Contacts', 'Hubspot.Companies'])
    const list = emulator.requests.find((request) => request.path === SOURCES && request.method === 'GET')!
    expect(list.query).toEqual([
      ['property', `baseConnectionId==${base}`],
      ['property', `connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}`],
      ['limit', '100'],
    ])
    const unfiltered: ResourceKind = { ...kind, filters: [] }
    expect((await resources.findNamed(unfiltered, 'Contacts')).map((s) => s.id)).toEqual([first, second])
  })

  it('creates one whose stored fields are those of the body', async () => {
    const base = emulator.seedConnection({ name: 'HubSpot' }).id
    const created = await resources.createOnce(
      hubspotSources(base),
      'Contacts',
      sourceConnectionBody('Contacts', base, 'Hubspot.Contacts'),
      new Set(),
    )
    expect(created.adopted).toBe(false)
    expect(emulator.sourceConnections()[0]).toMatchObject({
      id: created.value.id,
      name: 'Contacts',
      baseConnectionId: base,
      data: { format: 'tabular' },
      params: { path: 'Hubspot.Contacts' },
      connectionSpec: HUBSPOT_CONNECTION_SPEC,
    })
  })

  it('adopts the source connection a create made before the connection was reset', async () => {
    const base = emulator.seedConnection({ name: 'HubSpot' }).id
    const before = await made('Contacts', base)
    await made('Contacts', emulator.seedConnection({ name: 'HubSpot' }).id)
    emulator.injectFault(commitThenReset(createSource))
    const created = await resources.createOnce(
      hubspotSources(base),
      'Contacts',
      sourceConnectionBody('Contacts', base, 'Hubspot.Contacts'),
      new Set([before]),
    )
    expect(created.adopted).toBe(true)
    expect(created.value.id).not.toBe(before)
    expect(emulator.sourceConnections().map((s) => s.id)).toContain(created.value.id)
    expect(emulator.sourceConnections()).toHaveLength(3)
    expect(emulator.requests.filter((request) => request.method === 'POST')).toHaveLength(3)
  })
})
