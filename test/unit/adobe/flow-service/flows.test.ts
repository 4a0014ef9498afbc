import { beforeEach, describe, expect, it } from 'vitest'
import { DataPrepClient, mappingSetBody } from '../../../../src/adobe/data-prep.js'
import { FLOW_SERVICE_PATH, FlowServiceClient, type Resource } from '../../../../src/adobe/flow-service/client.js'
import { targetConnectionBody } from '../../../../src/adobe/flow-service/data-lake.js'
import { FlowResources, type ResourceKind } from '../../../../src/adobe/flow-service/ensure-one.js'
import {
  CRM_TO_AEP_FLOW_SPEC,
  crmToAepFlows,
  flowBody,
  flowDetails,
  FlowRuns,
  runEnded,
  runSucceeded,
  type FlowInputs,
} from '../../../../src/adobe/flow-service/flows.js'
import type { PlatformContext } from '../../../../src/adobe/platform.js'
import { sourceConnectionBody } from '../../../../src/hubspot/source-connections.js'
import { DEMO } from '../../../emulator/demo.js'
import { CRM_TO_AEP_FLOW_SPEC_ID, type Emulator } from '../../../emulator/server.js'
import { commitThenReset, type Target } from '../../../support/faults.js'
import { useEmulator } from '../../../support/use-emulator.js'
import { actionErrorOf, answer, httpStack, scriptedStack, ScriptedTransport, type Stack } from '../../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const FLOWS = `${FLOW_SERVICE_PATH}/flows`
const RUNS = `${FLOW_SERVICE_PATH}/runs`
const createFlow: Target = { service: 'platform', method: 'POST', path: FLOWS }
const FLOW_ID = 'e0bd8463-0913-4ca1-bd84-6309134ca1f6'
const OTHER_SPEC = '11111111-2222-3333-4444-555555555555'
const run = (n: number) => `00000000-0000-4000-8000-00000000000${n}`

let stack: Stack
let client: FlowServiceClient
let resources: FlowResources
let context: PlatformContext
beforeEach(() => {
  stack = httpStack()
  context = {
    platformUrl: emulator.urls.platform,
    apiKey: DEMO.adobe.clientId,
    orgId: DEMO.adobe.orgId,
    sandboxName: 'prod',
    tokens: { given: true, current: () => emulator.issueAdobeToken(), renew: async () => undefined },
  }
  client = new FlowServiceClient(stack.sender, stack.secrets, context)
  resources = new FlowResources(client, () => undefined)
})

const noLookup = (noun: string) => ({ noun, name: noun, unconfirmedHint: '', windowMs: 0, find: async () => undefined })

/** What a flow needs: a source, a target and a mapping set, made over HTTP. */
async function parts(): Promise<Omit<FlowInputs, 'name' | 'scheduleParams'>> {
  const base = emulator.seedConnection({ name: 'HubSpot' }).id
  const source = await client.create(
    'sourceConnections',
    sourceConnectionBody('Contacts', base, 'Hubspot.Contacts'),
    noLookup('source connection'),
  )
  const target = await client.create(
    'targetConnections',
    targetConnectionBody('Contacts', DEMO.dataset.schemaId, DEMO.dataset.id),
    noLookup('target connection'),
  )
  const mapping = await new DataPrepClient(stack.sender, stack.secrets, context).create(
    mappingSetBody({
      name: 'Contacts',
      schemaId: DEMO.dataset.schemaId,
      mappings: [{ source: 'Vid', destination: '_id', sourceType: 'ATTRIBUTE' }],
    }),
    { knownIds: new Set() },
  )
  return {
    sourceConnectionId: source.value.id,
    targetConnectionId: target.value.id,
    deltaColumn: 'Lastmodifieddate',
    mappingId: mapping.value.id,
    mappingVersion: mapping.value.version,
  }
}

const IDS = {
  sourceConnectionId: 'f44dbef2-0000-4000-8000-000000000001',
  targetConnectionId: '4b3d05d8-0000-4000-8000-000000000002',
  deltaColumn: 'Lastmodifieddate',
  mappingId: '500a9b747fcf4908a21917d49bd61780',
  mappingVersion: 0,
}
const resource = (fields: Record<string, unknown>): Resource => ({ id: FLOW_ID, name: 'F', etag: '"1"', ...fields })

describe('CRMToAEP flows', () => {
  it('is the CRMToAEP flow spec, listed by it and checked on each', () => {
    expect(CRM_TO_AEP_FLOW_SPEC).toEqual({ id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' })
    expect(crmToAepFlows.collection).toBe('flows')
    expect(crmToAepFlows.filters).toEqual([`flowSpec.id==${CRM_TO_AEP_FLOW_SPEC_ID}`])
    expect(crmToAepFlows.belongs(resource({ flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID } }))).toBe(true)
    expect(crmToAepFlows.belongs(resource({ flowSpec: { id: OTHER_SPEC } }))).toBe(false)
    expect(crmToAepFlows.belongs(resource({ flowSpec: {} }))).toBe(false)
    expect(crmToAepFlows.belongs(resource({}))).toBe(false)
  })

  it('makes the body of a flow: Copy with the delta column, then Mapping with its version', () => {
    expect(
      flowBody({
        name: 'HubSpot dataflow',
        description: 'collecting Hubspot.Contacts',
        ...IDS,
        scheduleParams: { startTime: 1717000000, frequency: 'hour', interval: 1, backfill: true },
      }),
    ).toEqual({
      name: 'HubSpot dataflow',
      description: 'collecting Hubspot.Contacts',
      flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' },
      sourceConnectionIds: [IDS.sourceConnectionId],
      targetConnectionIds: [IDS.targetConnectionId],
      transformations: [
        { name: 'Copy', params: { deltaColumn: { name: 'Lastmodifieddate' } } },
        { name: 'Mapping', params: { mappingId: IDS.mappingId, mappingVersion: 0 } },
      ],
      scheduleParams: { startTime: 1717000000, frequency: 'hour', interval: 1, backfill: true },
    })
  })

  it('leaves out what is not given: the description, an interval and backfill', () => {
    const body = flowBody({
      name: 'F',
      description: undefined,
      ...IDS,
      scheduleParams: { startTime: 1717000000, frequency: 'once', interval: undefined, backfill: undefined },
    })
    expect(body).not.toHaveProperty('description')
    expect(body.scheduleParams).toEqual({ startTime: 1717000000, frequency: 'once' })
    expect(flowBody({ name: 'F', description: '', ...IDS, scheduleParams: body.scheduleParams })).toHaveProperty(
      'description',
      '',
    )
  })
})

describe('flowDetails', () => {
  it('reads back what flowBody wrote', () => {
    const scheduleParams = { startTime: 1717000000, frequency: 'minute' as const, interval: 15, backfill: false }
    expect(flowDetails(resource({ ...flowBody({ name: 'F', ...IDS, scheduleParams }) }))).toEqual({
      sourceConnectionIds: [IDS.sourceConnectionId],
      targetConnectionIds: [IDS.targetConnectionId],
      mapping: { id: IDS.mappingId, version: 0 },
      deltaColumn: 'Lastmodifieddate',
      scheduleParams,
    })
  })

  it('reads numbers and booleans sent as strings, as the tutorials send them', () => {
    const details = flowDetails(
      resource({
        transformations: [
          { name: 'Mapping', params: { mappingId: IDS.mappingId, mappingVersion: '3' } },
          { name: 'copy', params: { deltaColumn: { name: 'updatedAt', dateFormat: 'YYYY-MM-DD', timezone: 'UTC' } } },
        ],
        scheduleParams: { startTime: '1591043454', frequency: 'once', interval: '15', backfill: 'true' },
      }),
    )
    expect(details.mapping).toEqual({ id: IDS.mappingId, version: 3 })
    expect(details.deltaColumn).toBe('updatedAt')
    expect(details.scheduleParams).toEqual({ startTime: 1591043454, frequency: 'once', interval: 15, backfill: true })
  })

  it('says undefined for what a flow does not say, or says in a shape it does not know', () => {
    const nothing = {
      sourceConnectionIds: [],
      targetConnectionIds: [],
      mapping: undefined,
      deltaColumn: undefined,
      scheduleParams: { startTime: undefined, frequency: undefined, interval: undefined, backfill: undefined },
    }
    expect(flowDetails(resource({}))).toEqual(nothing)
    expect(
      flowDetails(
        resource({
          sourceConnectionIds: 'x',
          targetConnectionIds: [1],
          transformations: [
            'Copy',
            { name: 'Copy', params: { deltaColumn: 'Lastmodifieddate' } },
            { name: 'Mapping', params: { mappingId: IDS.mappingId, mappingVersion: '1.5' } },
          ],
          scheduleParams: { startTime: 'soon', frequency: 3, interval: 1.5, backfill: 'yes' },
        }),
      ),
    ).toEqual(nothing)
    expect(flowDetails(resource({ transformations: {}, scheduleParams: [] }))).toEqual(nothing)
  })

  it('takes the first transformation of each name', () => {
    const details = flowDetails(
      resource({
        transformations: [
          { name: 'Mapping', params: { mappingId: 'a', mappingVersion: 1 } },
          { name: 'Mapping', params: { mappingId: 'b', mappingVersion: 2 } },
        ],
      }),
    )
    expect(details.mapping).toEqual({ id: 'a', version: 1 })
  })
})

describe('CRMToAEP flows in Flow Service', () => {
  const schedule = { startTime: 1717000000, frequency: 'hour' as const, interval: 1 }

  it('creates a flow the service accepts, found by name and read back as the inputs', async () => {
    const inputs = { name: 'HubSpot contacts', ...(await parts()), scheduleParams: schedule }
    const created = await resources.createOnce(crmToAepFlows, inputs.name, flowBody(inputs), new Set())
    expect(created.adopted).toBe(false)
    await client.create('flows', flowBody({ ...inputs, name: 'HubSpot contactsx' }), noLookup('flow'))
    const [found, ...more] = await resources.findNamed(crmToAepFlows, inputs.name)
    expect(more).toEqual([])
    expect(found!.id).toBe(created.value.id)
    expect(flowDetails(found!)).toEqual({
      sourceConnectionIds: [inputs.sourceConnectionId],
      targetConnectionIds: [inputs.targetConnectionId],
      mapping: { id: inputs.mappingId, version: 0 },
      deltaColumn: 'Lastmodifieddate',
      scheduleParams: { ...schedule, backfill: undefined },
    })
    expect(flowDetails(await client.get('flows', created.value.id))).toEqual(flowDetails(found!))
    const list = emulator.requests.find((request) => request.path === FLOWS && request.method === 'GET')!
    expect(list.query).toEqual([
      ['property', `flowSpec.id==${CRM_TO_AEP_FLOW_SPEC_ID}`],
      ['limit', '100'],
    ])
  })

  it('finds only flows of the CRMToAEP spec, even when the server ignores the filter', async () => {
    const inputs = { name: 'F', ...(await parts()), scheduleParams: schedule }
    const created = await resources.createOnce(crmToAepFlows, 'F', flowBody(inputs), new Set())
    const unfiltered: ResourceKind = { ...crmToAepFlows, filters: [] }
    expect((await resources.findNamed(unfiltered, 'F')).map((flow) => flow.id)).toEqual([created.value.id])
    const none: ResourceKind = { ...unfiltered, belongs: () => false }
    expect(await resources.findNamed(none, 'F')).toEqual([])
  })

  it('adopts the flow a create made before the connection was reset', async () => {
    const inputs = { name: 'F', ...(await parts()), scheduleParams: schedule }
    const before = await client.create('flows', flowBody(inputs), noLookup('flow'))
    emulator.injectFault(commitThenReset(createFlow))
    const created = await resources.createOnce(crmToAepFlows, 'F', flowBody(inputs), new Set([before.value.id]))
    expect(created.adopted).toBe(true)
    expect(created.value.id).not.toBe(before.value.id)
    expect(emulator.flows()).toHaveLength(2)
    expect(emulator.requests.filter((request) => request.path === FLOWS && request.method === 'POST')).toHaveLength(2)
  })
})

describe('FlowRuns', () => {
  const schedule = { startTime: 1717000000, frequency: 'once' as const }

  async function flow(name = 'F') {
    const inputs = { name, ...(await parts()), scheduleParams: schedule }
    return (await resources.createOnce(crmToAepFlows, name, flowBody(inputs), new Set())).value.id
  }

  it('lists the runs of a flow as they move from scheduled to success', async () => {
    const id = await flow()
    const runs = new FlowRuns(client)
    const seen = [await runs.list(id), await runs.list(id), await runs.list(id)]
    const [run] = emulator.runs()
    expect(seen).toEqual([
      [{ id: run!.id, status: 'scheduled', recordsRead: 0, recordsWritten: 0, recordsFailed: 0, errorCodes: [] }],
      [{ id: run!.id, status: 'inProgress', recordsRead: 0, recordsWritten: 0, recordsFailed: 0, errorCodes: [] }],
      [{ id: run!.id, status: 'success', recordsRead: 100, recordsWritten: 100, recordsFailed: 0, errorCodes: [] }],
    ])
    expect(seen.map(([r]) => runEnded(r!.status))).toEqual([false, false, true])
    expect(runSucceeded('success')).toBe(true)
    const list = emulator.requests.filter((request) => request.path === RUNS)
    expect(list.map((request) => request.query)).toEqual(
      Array.from({ length: 3 }, () => [
        ['property', `flowId==${id}`],
        ['limit', '100'],
      ]),
    )
  })

  it('reads the codes of a failed run and of its activities, each once', async () => {
    const id = await flow()
    emulator.failRuns(id, { failedRecordCount: 40 })
    const runs = new FlowRuns(client)
    await runs.list(id)
    await runs.list(id)
    const [run] = await runs.list(id)
    expect(run).toMatchObject({ status: 'failed', recordsRead: 100, recordsWritten: 60, recordsFailed: 40 })
    expect(run!.errorCodes).toEqual(['CONNECTOR-2001-500', 'INGEST-1212-400', 'MAPPER-3700-400'])
    expect(runEnded(run!.status)).toBe(true)
    expect(runSucceeded(run!.status)).toBe(false)
  })

  it('lists no runs of another flow', async () => {
    await flow('A')
    const other = await flow('B')
    const runs = await new FlowRuns(client).list(other)
    expect(runs.map((run) => run.id)).toEqual([emulator.runs().find((run) => run.flowId === other)!.id])
  })

  it('compares statuses ignoring case', () => {
    for (const status of ['scheduled', 'Scheduled', 'inProgress', 'INPROGRESS', 'inprogress']) {
      expect(runEnded(status)).toBe(false)
    }
    for (const status of ['success', 'failed', 'Failed', 'cancelled']) expect(runEnded(status)).toBe(true)
    expect(runSucceeded('Success')).toBe(true)
    expect(runSucceeded('failed')).toBe(false)
  })

  function scripted(...items: unknown[]) {
    const transport = new ScriptedTransport([answer(200, { items })])
    const { sender, secrets } = scriptedStack(transport)
    const flowService = new FlowServiceClient(sender, secrets, { ...context, platformUrl: 'http://127.0.0.1:9' })
    return { transport, runs: new FlowRuns(flowService) }
  }

  it('leaves out what says it is of another flow, and reads what a run lacks as none', async () => {
    const { runs } = scripted(
      { id: run(1), flowId: FLOW_ID, metrics: { statusSummary: { status: 'Failed' } }, activities: 'x' },
      { id: run(2), flowId: OTHER_SPEC, metrics: { statusSummary: { status: 'success' } } },
      { id: run(3), metrics: { statusSummary: { status: 'success' } } },
      {
        id: run(4),
        flowId: FLOW_ID,
        metrics: {
          statusSummary: { status: 'failed', errors: [{ code: 'A' }, {}, 'B', { code: '' }] },
          recordSummary: { inputRecordCount: 5, outputRecordCount: -1 },
        },
        activities: [
          {},
          { statusSummary: { extensions: { errors: [{ code: 'C' }, { code: 'A' }] } } },
          { statusSummary: { extensions: {} } },
        ],
      },
    )
    expect(await runs.list(FLOW_ID)).toEqual([
      { id: run(1), status: 'Failed', recordsRead: 0, recordsWritten: 0, recordsFailed: 0, errorCodes: [] },
      { id: run(4), status: 'failed', recordsRead: 5, recordsWritten: 0, recordsFailed: 0, errorCodes: ['A', 'C'] },
    ])
  })

  it('refuses a run without a status', async () => {
    const { runs } = scripted({ id: run(1), flowId: FLOW_ID, metrics: { statusSummary: {} } })
    const error = await actionErrorOf(runs.list(FLOW_ID))
    expect(error.message).toMatch(
      /^the answer does not have the expected shape: run 0{8}-0{4}-4000-8000-0{11}1: at metrics\.statusSummary\.status, /,
    )
    expect(error.facts).toMatchObject({
      kind: 'unexpected',
      service: 'Flow Service',
      operation: 'list runs (GET /runs)',
    })
  })

  it('refuses a flow id that is not a UUID: it goes into a filter', async () => {
    for (const id of ['', 'x', `${FLOW_ID},${OTHER_SPEC}`]) {
      const error = await actionErrorOf(new FlowRuns(client).list(id))
      expect(error.facts.kind).toBe('input')
    }
    expect(emulator.requests).toEqual([])
  })
})
