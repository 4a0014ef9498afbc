import { beforeEach, describe, expect, it } from 'vitest'
import { XDM_FULL_CONTENT_TYPE } from '../../../../src/adobe/catalog.js'
import { FLOW_SERVICE_PATH, FlowServiceClient, type Resource } from '../../../../src/adobe/flow-service/client.js'
import {
  DATA_LAKE_CONNECTION_SPEC,
  dataLakeTargets,
  targetConnectionBody,
  targetDatasetId,
  targetSchemaId,
} from '../../../../src/adobe/flow-service/data-lake.js'
import { FlowResources, type ResourceKind } from '../../../../src/adobe/flow-service/ensure-one.js'
import { DEMO } from '../../../emulator/demo.js'
import { DATA_LAKE_CONNECTION_SPEC_ID, type Emulator } from '../../../emulator/server.js'
import { commitThenReset, type Target } from '../../../support/faults.js'
import { useEmulator } from '../../../support/use-emulator.js'
import { actionErrorOf, httpStack, type Stack } from '../../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const TARGETS = `${FLOW_SERVICE_PATH}/targetConnections`
const createTarget: Target = { service: 'platform', method: 'POST', path: TARGETS }
const OTHER_SPEC = '11111111-2222-3333-4444-555555555555'
const OTHER_DATASET = '0123456789abcdef01234567'

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

const resource = (fields: Record<string, unknown>): Resource => ({ id: 'x', name: 'T', etag: '"1"', ...fields })
const ours = { connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC_ID }, params: { dataSetId: DEMO.dataset.id } }

/** A target connection as another tool would make it. */
async function made(name: string, datasetId = DEMO.dataset.id, schemaId = DEMO.dataset.schemaId) {
  const created = await client.create('targetConnections', targetConnectionBody(name, schemaId, datasetId), {
    noun: 'target connection',
    name,
    unconfirmedHint: '',
    windowMs: 0,
    find: async () => undefined,
  })
  return created.value.id
}

describe('the Data Lake target', () => {
  it('is the fixed Data Lake connection spec', () => {
    expect(DATA_LAKE_CONNECTION_SPEC).toEqual({ id: DATA_LAKE_CONNECTION_SPEC_ID, version: '1.0' })
  })

  it('makes the body of a target connection to a dataset, with a full XDM schema', () => {
    expect(targetConnectionBody('T', 'https://ns.adobe.com/t/schemas/s', DEMO.dataset.id)).toEqual({
      name: 'T',
      data: {
        schema: { id: 'https://ns.adobe.com/t/schemas/s', version: 'application/vnd.adobe.xed-full+json;version=1' },
      },
      params: { dataSetId: DEMO.dataset.id },
      connectionSpec: { id: 'c604ff05-7f1a-43c0-8e18-33bf874cb11c', version: '1.0' },
    })
    expect(XDM_FULL_CONTENT_TYPE).toBe('application/vnd.adobe.xed-full+json;version=1')
  })

  it('lists target connections filtered by the spec and the dataset, and checks both on each', () => {
    const kind = dataLakeTargets(DEMO.dataset.id)
    expect(kind.collection).toBe('targetConnections')
    expect(kind.filters).toEqual([
      `connectionSpec.id==${DATA_LAKE_CONNECTION_SPEC_ID}`,
      `params.dataSetId==${DEMO.dataset.id}`,
    ])
    expect(kind.belongs(resource(ours))).toBe(true)
    expect(kind.belongs(resource({ ...ours, connectionSpec: { id: OTHER_SPEC } }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, connectionSpec: {} }))).toBe(false)
    expect(kind.belongs(resource({ params: ours.params }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, params: { dataSetId: OTHER_DATASET } }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, params: { dataSetId: DEMO.dataset.id.toUpperCase() } }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, params: {} }))).toBe(false)
    expect(kind.belongs(resource({ ...ours, params: 'x' }))).toBe(false)
    expect(kind.belongs(resource({ connectionSpec: ours.connectionSpec }))).toBe(false)
  })

  it('refuses a dataset id that could change the filter', async () => {
    for (const id of [`${DEMO.dataset.id},${OTHER_DATASET}`, '', 'x', `${DEMO.dataset.id} `]) {
      const error = await actionErrorOf(Promise.resolve().then(() => dataLakeTargets(id)))
      expect(error.facts.kind).toBe('input')
      expect(error.facts.hint).toMatch(/dataset-id/)
    }
  })

  it('reads the dataset and the schema of a listed target connection', () => {
    const listed = resource({ ...ours, data: { schema: { id: 's', version: XDM_FULL_CONTENT_TYPE } } })
    expect(targetDatasetId(listed)).toBe(DEMO.dataset.id)
    expect(targetSchemaId(listed)).toBe('s')
    expect(targetDatasetId(resource({}))).toBeUndefined()
    expect(targetSchemaId(resource({ data: { schema: {} } }))).toBeUndefined()
  })
})

describe('Data Lake target connections in Flow Service', () => {
  it('finds only those of that name, to that dataset', async () => {
    const other = emulator.seedDataset({ name: 'other', id: OTHER_DATASET })
    const first = await made('HubSpot target')
    await made('HubSpot target', other.id, other.schemaRef.id)
    await made('HubSpot targetx')
    await made('hubspot target')
    const second = await made('HubSpot target')
    const kind = dataLakeTargets(DEMO.dataset.id)
    expect((await resources.findNamed(kind, 'HubSpot target')).map((t) => t.id)).toEqual([first, second])
    expect((await resources.findNamed(dataLakeTargets(other.id), 'HubSpot target')).map((t) => t.id)).toHaveLength(1)
    const list = emulator.requests.find((request) => request.path === TARGETS && request.method === 'GET')!
    expect(list.query).toEqual([
      ['property', `connectionSpec.id==${DATA_LAKE_CONNECTION_SPEC_ID}`],
      ['property', `params.dataSetId==${DEMO.dataset.id}`],
      ['limit', '100'],
    ])
    // Even when the server ignores the filters, only ours count.
    const unfiltered: ResourceKind = { ...kind, filters: [] }
    expect((await resources.findNamed(unfiltered, 'HubSpot target')).map((t) => t.id)).toEqual([first, second])
  })

  it('creates one whose stored fields are those of the body', async () => {
    const created = await resources.createOnce(
      dataLakeTargets(DEMO.dataset.id),
      'HubSpot target',
      targetConnectionBody('HubSpot target', DEMO.dataset.schemaId, DEMO.dataset.id),
      new Set(),
    )
    expect(created.adopted).toBe(false)
    const [stored] = emulator.targetConnections()
    expect(stored).toMatchObject({
      id: created.value.id,
      name: 'HubSpot target',
      data: { schema: { id: DEMO.dataset.schemaId, version: XDM_FULL_CONTENT_TYPE } },
      params: { dataSetId: DEMO.dataset.id },
      connectionSpec: DATA_LAKE_CONNECTION_SPEC,
    })
  })

  it('adopts the target connection a create made before the connection was reset', async () => {
    const before = await made('HubSpot target')
    await made('HubSpot target', emulator.seedDataset({ name: 'other' }).id)
    emulator.injectFault(commitThenReset(createTarget))
    const created = await resources.createOnce(
      dataLakeTargets(DEMO.dataset.id),
      'HubSpot target',
      targetConnectionBody('HubSpot target', DEMO.dataset.schemaId, DEMO.dataset.id),
      new Set([before]),
    )
    expect(created.adopted).toBe(true)
    expect(created.value.id).not.toBe(before)
    expect(emulator.targetConnections().map((t) => t.id)).toContain(created.value.id)
    expect(emulator.targetConnections()).toHaveLength(3)
    expect(emulator.requests.filter((request) => request.method === 'POST')).toHaveLength(3)
  })
})
