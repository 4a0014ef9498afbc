import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator, StoredConnection } from '../emulator/server.js'
import { useEmulator } from '../support/use-emulator.js'
import {
  CREATE_GROUPS,
  CRM_TO_AEP_SPEC_ID,
  DATA_LAKE_SPEC_ID,
  DEFAULT_FLOW_NAME,
  FLOWS_PATH,
  HUBSPOT_SPEC_ID,
  MAPPING,
  MAPPING_SETS_PATH,
  NONE,
  ONE_OF_EACH,
  OTHER_MAPPING,
  PLAN_GROUPS,
  RUNS_PATH,
  SOURCE_CONNECTIONS_PATH,
  SUMMARY_HEADING,
  TABLE,
  TARGET_CONNECTIONS_PATH,
  XDM_FULL,
  bodyOf,
  counts,
  epochSeconds,
  errorOf,
  flowInputs,
  groups,
  platformRequests,
  postFlowDirectly,
  runFlow,
  seedBase,
  summaryRow,
  warningsOf,
  writeLines,
  writes,
  writesTo,
} from './dataflow-fixtures.js'

let emulator: Emulator
useEmulator((started) => (emulator = started))

const RUN_OUTPUTS = ['run-id', 'run-status', 'records-read', 'records-written', 'records-failed']

/** An output as the runner reads it: one never set is ''. */
const output = (outputs: Record<string, string>, name: string) => outputs[name] ?? ''

describe('create', () => {
  it('creates the source connection, target connection, mapping set and flow once each, and reports them', async () => {
    const base = seedBase(emulator)
    const before = Math.floor(Date.now() / 1000)
    const result = await runFlow(emulator, flowInputs(emulator, base))
    const after = Math.ceil(Date.now() / 1000)

    expect(result.exitCode, result.log).toBe(0)
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    const [source] = emulator.sourceConnections()
    const [target] = emulator.targetConnections()
    const [mappingSet] = emulator.mappingSets()
    const [flow] = emulator.flows()

    expect(result.outputs).toMatchObject({
      'flow-id': flow!.id,
      'source-connection-id': source!.id,
      'target-connection-id': target!.id,
      'mapping-id': mappingSet!.id,
      'mapping-version': '0',
      result: 'created',
    })
    for (const name of RUN_OUTPUTS) expect(output(result.outputs, name), name).toBe('')

    // One create of each kind, nothing else written.
    expect(writeLines(emulator).sort()).toEqual(
      [
        `POST ${SOURCE_CONNECTIONS_PATH}`,
        `POST ${TARGET_CONNECTIONS_PATH}`,
        `POST ${MAPPING_SETS_PATH}`,
        `POST ${FLOWS_PATH}`,
      ].sort(),
    )
    // In the order a flow needs them.
    expect(writeLines(emulator).at(-1)).toBe(`POST ${FLOWS_PATH}`)

    expect(bodyOf(emulator, 'POST', SOURCE_CONNECTIONS_PATH)).toMatchObject({
      name: `${DEFAULT_FLOW_NAME} source`,
      baseConnectionId: base.id,
      data: { format: 'tabular' },
      params: { path: TABLE },
      connectionSpec: { id: HUBSPOT_SPEC_ID, version: '1.0' },
    })
    expect(source).toMatchObject({ name: `${DEFAULT_FLOW_NAME} source`, baseConnectionId: base.id })

    expect(bodyOf(emulator, 'POST', TARGET_CONNECTIONS_PATH)).toMatchObject({
      name: `${DEFAULT_FLOW_NAME} target`,
      data: { schema: { id: DEMO.dataset.schemaId, version: XDM_FULL } },
      params: { dataSetId: DEMO.dataset.id },
      connectionSpec: { id: DATA_LAKE_SPEC_ID, version: '1.0' },
    })

    const mappingBody = bodyOf(emulator, 'POST', MAPPING_SETS_PATH)
    expect(mappingBody).toMatchObject({
      name: `${DEFAULT_FLOW_NAME} mapping`,
      outputSchema: { schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL } },
    })
    expect(mappingBody.mappings).toEqual(MAPPING.map((entry) => ({ ...entry, sourceType: 'ATTRIBUTE' })))
    expect(mappingSet!.name).toBe(`${DEFAULT_FLOW_NAME} mapping`)
    expect(mappingSet!.versions).toHaveLength(1)

    const flowBody = bodyOf(emulator, 'POST', FLOWS_PATH)
    expect(flowBody).toMatchObject({
      name: DEFAULT_FLOW_NAME,
      flowSpec: { id: CRM_TO_AEP_SPEC_ID, version: '1.0' },
      sourceConnectionIds: [source!.id],
      targetConnectionIds: [target!.id],
    })
    expect(flowBody.transformations).toEqual([
      { name: 'Copy', params: { deltaColumn: expect.objectContaining({ name: 'Lastmodifieddate' }) } },
      { name: 'Mapping', params: { mappingId: mappingSet!.id, mappingVersion: 0 } },
    ])
    const schedule = flowBody.scheduleParams
    expect(Object.keys(schedule).sort()).toEqual(['frequency', 'startTime'])
    expect(schedule.frequency).toBe('once')
    expect(Number(schedule.startTime)).toBeGreaterThanOrEqual(before)
    expect(Number(schedule.startTime)).toBeLessThanOrEqual(after)
    expect(flow!.name).toBe(DEFAULT_FLOW_NAME)

    expect(groups(result.log)).toEqual(CREATE_GROUPS)

    expect(result.summary).toContain(SUMMARY_HEADING)
    expect(result.summary).toContain('<table>')
    for (const id of [source!.id, target!.id, mappingSet!.id, flow!.id]) {
      expect(summaryRow(result.summary, id), id).toMatch(/created/)
    }
  })

  it('names the resources after flow-name, and sends the description', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'flow-name': 'Contacts to AEP', 'flow-description': 'from CI' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(emulator.sourceConnections()[0]!.name).toBe('Contacts to AEP source')
    expect(emulator.targetConnections()[0]!.name).toBe('Contacts to AEP target')
    expect(emulator.mappingSets()[0]!.name).toBe('Contacts to AEP mapping')
    expect(emulator.flows()[0]).toMatchObject({ name: 'Contacts to AEP', description: 'from CI' })
  })

  it('is safe to re-run: the second run writes nothing and reuses every id', async () => {
    const base = seedBase(emulator)
    const first = await runFlow(emulator, flowInputs(emulator, base))
    expect(first.exitCode, first.log).toBe(0)
    emulator.clearRequests()

    const second = await runFlow(emulator, flowInputs(emulator, base))
    expect(second.exitCode, second.log).toBe(0)
    expect(writes(emulator)).toEqual([])
    expect(second.outputs['result']).toBe('reused')
    for (const name of ['flow-id', 'source-connection-id', 'target-connection-id', 'mapping-id', 'mapping-version']) {
      expect(second.outputs[name], name).toBe(first.outputs[name])
    }
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    expect(groups(second.log)).toEqual(PLAN_GROUPS)
    expect(summaryRow(second.summary, first.outputs['flow-id']!)).toMatch(/reused/)
    expect(warningsOf(second)).toEqual([])
  })
})

describe('schedule', () => {
  it('sends minute with its interval and backfill false', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { schedule: 'minute', 'schedule-interval': '15', backfill: 'false' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    const schedule = bodyOf(emulator, 'POST', FLOWS_PATH).scheduleParams
    expect(schedule.frequency).toBe('minute')
    expect(Number(schedule.interval)).toBe(15)
    expect(schedule.backfill).toBe(false)
    expect(emulator.flows()[0]!.scheduleParams).toMatchObject({ frequency: 'minute' })
  })

  it('sends hour with interval 2', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { schedule: 'hour', 'schedule-interval': '2' }))
    expect(result.exitCode, result.log).toBe(0)
    const schedule = bodyOf(emulator, 'POST', FLOWS_PATH).scheduleParams
    expect(schedule.frequency).toBe('hour')
    expect(Number(schedule.interval)).toBe(2)
  })

  for (const [given, seconds] of [
    ['2026-01-31T09:00:00Z', epochSeconds('2026-01-31T09:00:00Z')],
    ['2026-01-31T10:00:00+01:00', epochSeconds('2026-01-31T09:00:00Z')],
    ['1769850000', 1769850000],
  ] as const) {
    it(`sends start-time ${given} as epoch seconds`, async () => {
      const base = seedBase(emulator)
      const result = await runFlow(emulator, flowInputs(emulator, base, { 'start-time': given }))
      expect(result.exitCode, result.log).toBe(0)
      expect(Number(bodyOf(emulator, 'POST', FLOWS_PATH).scheduleParams.startTime)).toBe(seconds)
    })
  }
})

describe('wait-for-run', () => {
  it('polls the first run until it succeeds and outputs its counts', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'wait-for-run': 'true' }))
    expect(result.exitCode, result.log).toBe(0)
    const [run, ...more] = emulator.runs()
    expect(more).toEqual([])
    expect(run!.status).toBe('success')
    expect(result.outputs).toMatchObject({
      'flow-id': emulator.flows()[0]!.id,
      result: 'created',
      'run-id': run!.id,
      'run-status': 'success',
      'records-read': '100',
      'records-written': '100',
      'records-failed': '0',
    })
    // Polled more than once: the run was scheduled, then in progress, then done.
    const polls = platformRequests(emulator).filter((request) => request.path.startsWith(RUNS_PATH))
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(groups(result.log)).toEqual([...CREATE_GROUPS, 'First run'])
    expect(result.summary).toContain(run!.id)
  })

  it('fails when the run fails, naming the counts and the error codes', async () => {
    const base = seedBase(emulator)
    emulator.failNextFlow({ failedRecordCount: 7 })
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'wait-for-run': 'true' }))
    expect(result.exitCode).toBe(1)
    const error = errorOf(result)
    expect(error).toMatch(/fail/i)
    expect(error).toMatch(/\b7\b/)
    expect(error).toMatch(/\b100\b/)
    for (const code of ['CONNECTOR-2001-500', 'INGEST-1212-400', 'MAPPER-3700-400']) expect(error).toContain(code)
    expect(emulator.runs()[0]!.status).toBe('failed')
  })

  describe('on an existing flow, waits for its latest run, which says how the flow runs now', () => {
    const WAIT = { 'wait-for-run': 'true' }

    it('a reuse whose first run failed and whose latest run succeeded succeeds, with the latest run as outputs', async () => {
      const base = seedBase(emulator)
      emulator.failNextFlow()
      const first = await runFlow(emulator, flowInputs(emulator, base, WAIT))
      expect(first.exitCode, first.log).toBe(1)
      const flowId = first.outputs['flow-id']!
      const latest = emulator.scheduleNextRun(flowId)
      emulator.clearRequests()
      const result = await runFlow(emulator, flowInputs(emulator, base, WAIT))
      expect(result.exitCode, result.log).toBe(0)
      expect(result.outputs).toMatchObject({
        result: 'reused',
        'run-id': latest.id,
        'run-status': 'success',
        'records-read': '100',
        'records-failed': '0',
      })
      expect(groups(result.log)).toEqual([...PLAN_GROUPS, 'Latest run'])
      expect(result.summary).toContain(`Latest run ${latest.id}: success`)
      expect(writes(emulator)).toEqual([])
    })

    it('a reuse fails when the latest run failed, though the first succeeded, naming the latest run', async () => {
      const base = seedBase(emulator)
      const first = await runFlow(emulator, flowInputs(emulator, base, WAIT))
      expect(first.exitCode, first.log).toBe(0)
      const latest = emulator.scheduleNextRun(first.outputs['flow-id']!, { failedRecordCount: 4 })
      const result = await runFlow(emulator, flowInputs(emulator, base, WAIT))
      expect(result.exitCode).toBe(1)
      expect(errorOf(result)).toMatch(
        new RegExp(
          `latest run failed: the latest run ${latest.id} ended failed: 100 records read, 96 written, 4 failed`,
        ),
      )
      expect(result.outputs).toMatchObject({ 'run-id': latest.id, 'run-status': 'failed', 'records-failed': '4' })
      expect(first.outputs['run-id']).not.toBe(latest.id)
    })

    it('an update reports the latest run, and when it failed, says a run before the update does not use it', async () => {
      const base = seedBase(emulator)
      emulator.failNextFlow()
      const HOURLY = { ...WAIT, schedule: 'hour' }
      const first = await runFlow(emulator, flowInputs(emulator, base, HOURLY))
      expect(first.exitCode, first.log).toBe(1)
      const result = await runFlow(
        emulator,
        flowInputs(emulator, base, { ...HOURLY, 'if-exists': 'update', mapping: JSON.stringify(OTHER_MAPPING) }),
      )
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toMatchObject({
        result: 'updated',
        'run-id': first.outputs['run-id'],
        'run-status': 'failed',
      })
      expect(errorOf(result)).toMatch(/the latest run [0-9a-f-]{36} ended failed/)
      expect(errorOf(result)).toMatch(
        /This step updated the flow: a run that started before the update does not use it, the next scheduled run does\./,
      )
    })

    it('an update of a flow scheduled once says it does not run again, not that a next run will come', async () => {
      const base = seedBase(emulator)
      emulator.failNextFlow()
      expect((await runFlow(emulator, flowInputs(emulator, base, WAIT))).exitCode).toBe(1)
      const result = await runFlow(
        emulator,
        flowInputs(emulator, base, { ...WAIT, 'if-exists': 'update', mapping: JSON.stringify(OTHER_MAPPING) }),
      )
      expect(result.exitCode).toBe(1)
      expect(errorOf(result)).toMatch(/A flow scheduled once does not run again/)
      expect(errorOf(result)).not.toMatch(/next scheduled run/)
    })
  })

  it('does not wait for the run, and leaves the run outputs empty, by default', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base))
    expect(result.exitCode, result.log).toBe(0)
    expect(platformRequests(emulator).filter((request) => request.path.includes('/runs'))).toEqual([])
    for (const name of RUN_OUTPUTS) expect(output(result.outputs, name), name).toBe('')
  })
})

describe('reads fail clearly before any write', () => {
  it('a base connection that does not exist names connection-id', async () => {
    const result = await runFlow(emulator, flowInputs(emulator, '0b9c7a1e-5f3d-4c2b-9a8e-1d2c3b4a5f6e'))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/connection-id/)
    expect(errorOf(result)).toMatch(/0b9c7a1e-5f3d-4c2b-9a8e-1d2c3b4a5f6e/)
    expect(writes(emulator)).toEqual([])
    expect(counts(emulator)).toEqual(NONE)
  })

  it('a base connection of another connector is not a HubSpot connection', async () => {
    const base = seedBase(emulator, { connectionSpecId: '00000000-0000-4000-8000-000000000000' })
    const result = await runFlow(emulator, flowInputs(emulator, base))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/not a HubSpot (base )?connection/i)
    expect(writes(emulator)).toEqual([])
  })

  it('a disabled base connection must be enabled', async () => {
    const base = seedBase(emulator, { state: 'disabled' })
    const result = await runFlow(emulator, flowInputs(emulator, base))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/disabled/)
    expect(errorOf(result)).toMatch(/enabled/)
    expect(writes(emulator)).toEqual([])
  })

  it('a table the connection does not have fails listing the tables it has', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { table: 'Hubspot.Leads', 'flow-name': 'Leads' }))
    expect(result.exitCode).toBe(1)
    const error = errorOf(result)
    expect(error).toMatch(/Hubspot\.Leads/)
    expect(error).toMatch(/table/)
    // The paths explore lists, not their display names.
    expect(error).toContain('Hubspot.Contacts')
    expect(error).toContain('Hubspot.Deals')
    expect(writes(emulator)).toEqual([])
  })

  it('a dataset that does not exist names dataset-id', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'dataset-id': 'ffffffffffffffffffffffff' }))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/dataset-id/)
    expect(errorOf(result)).toMatch(/ffffffffffffffffffffffff/)
    expect(writes(emulator)).toEqual([])
  })
})

describe('validation before any write', () => {
  it('a mapping source that is not a column names it and suggests close columns', async () => {
    const base = seedBase(emulator)
    const mapping = [
      { source: 'Properties_Firstname', destination: 'person.name.firstName' },
      { source: 'Properties_Email_Value', destination: 'personalEmail.address' },
    ]
    const result = await runFlow(emulator, flowInputs(emulator, base, { mapping: JSON.stringify(mapping) }))
    expect(result.exitCode).toBe(1)
    const error = errorOf(result)
    expect(error).toMatch(/Properties_Firstname\b/)
    expect(error).toMatch(/column/i)
    expect(error).toContain('Properties_Firstname_Value')
    expect(writes(emulator)).toEqual([])
    expect(counts(emulator)).toEqual(NONE)
  })

  it('a delta-column that is not a column names delta-column', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'delta-column': 'Modified_At' }))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/delta-column/)
    expect(errorOf(result)).toMatch(/Modified_At/)
    expect(writes(emulator)).toEqual([])
  })

  it('a destination the schema lacks fails with what Data Prep validate said', async () => {
    const base = seedBase(emulator)
    const mapping = [...MAPPING, { source: 'Properties_Lastname_Value', destination: 'person.name.middleName' }]
    const result = await runFlow(emulator, flowInputs(emulator, base, { mapping: JSON.stringify(mapping) }))
    expect(result.exitCode).toBe(1)
    const error = errorOf(result)
    expect(error).toMatch(/Data Prep/)
    expect(error).toMatch(/validat/i)
    expect(error).toContain('person.name.middleName')
    expect(platformRequests(emulator).some((request) => request.path.endsWith('/mappingSets/validate'))).toBe(true)
    expect(writes(emulator)).toEqual([])
  })
})

describe('if-exists', () => {
  async function created(base: StoredConnection, overrides: Record<string, string> = {}) {
    const first = await runFlow(emulator, flowInputs(emulator, base, overrides))
    expect(first.exitCode, first.log).toBe(0)
    emulator.clearRequests()
    return first
  }

  it('reuse with another mapping writes nothing and warns that the mapping differs', async () => {
    const base = seedBase(emulator)
    const first = await created(base)
    const result = await runFlow(emulator, flowInputs(emulator, base, { mapping: JSON.stringify(OTHER_MAPPING) }))
    expect(result.exitCode, result.log).toBe(0)
    expect(writes(emulator)).toEqual([])
    expect(result.outputs).toMatchObject({ result: 'reused', 'flow-id': first.outputs['flow-id'] })
    const warnings = warningsOf(result)
    expect(warnings.length, result.log).toBeGreaterThan(0)
    expect(warnings.join('\n')).toMatch(/mapping/i)
  })

  it('reuse with another schedule writes nothing and warns that the schedule differs', async () => {
    const base = seedBase(emulator)
    await created(base)
    const result = await runFlow(emulator, flowInputs(emulator, base, { schedule: 'hour', 'schedule-interval': '2' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(writes(emulator)).toEqual([])
    expect(result.outputs['result']).toBe('reused')
    const warning = warningsOf(result).join('\n')
    expect(warning).toMatch(/schedule|frequency|runs once/i)
    expect(warning).toMatch(/2 hours|hour/)
    // What differs, in words: no internal placeholder for a value the flow does not have.
    expect(warning).not.toMatch(/undefined|null/)
  })

  it('reuse with only another backfill warns naming backfill and the value the inputs ask for', async () => {
    const base = seedBase(emulator)
    await created(base, { schedule: 'minute', 'schedule-interval': '15', backfill: 'true' })
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { schedule: 'minute', 'schedule-interval': '15', backfill: 'false' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(writes(emulator)).toEqual([])
    const warning = warningsOf(result).join('\n')
    expect(warning).toMatch(/backfill/)
    expect(warning).toMatch(/false/)
  })

  describe('start-time, which a flow keeps', () => {
    const FIRST = '2026-01-31T09:00:00Z' // 1769850000
    const LATER = '2027-01-01T00:00:00+01:00' // 1798758000
    const KEPT =
      /^Flow [0-9a-f-]{36} starts at 2026-01-31T09:00:00Z \(1769850000\), not at start-time 2026-12-31T23:00:00Z \(1798758000\), and keeps its start time: .*delete the flow in Experience Platform \(Sources > Dataflows\) and re-run the job, or choose another flow-name\.$/

    it('reuse with another start-time writes nothing and warns, naming both times', async () => {
      const base = seedBase(emulator)
      await created(base, { 'start-time': FIRST })
      const result = await runFlow(emulator, flowInputs(emulator, base, { 'start-time': LATER }))
      expect(result.exitCode, result.log).toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(result.outputs['result']).toBe('reused')
      expect(warningsOf(result)).toHaveLength(1)
      expect(warningsOf(result)[0]).toMatch(KEPT)
    })

    it('says nothing of the start time when start-time is the same, or empty (the step start, new each run)', async () => {
      const base = seedBase(emulator)
      await created(base, { 'start-time': FIRST })
      const same = await runFlow(emulator, flowInputs(emulator, base, { 'start-time': '1769850000' }))
      expect(same.exitCode, same.log).toBe(0)
      expect(warningsOf(same)).toEqual([])
      const empty = await runFlow(emulator, flowInputs(emulator, base, { 'start-time': '' }))
      expect(empty.exitCode, empty.log).toBe(0)
      expect(warningsOf(empty)).toEqual([])
      expect(writes(emulator)).toEqual([])
    })

    it('update with another schedule and start-time PATCHes the schedule but keeps the start time, and warns', async () => {
      const base = seedBase(emulator)
      await created(base, { 'start-time': FIRST })
      const [before] = emulator.flows()
      const result = await runFlow(
        emulator,
        flowInputs(emulator, base, { 'if-exists': 'update', schedule: 'day', 'start-time': LATER }),
      )
      expect(result.exitCode, result.log).toBe(0)
      expect(writeLines(emulator)).toEqual([`PATCH ${FLOWS_PATH}/${before!.id}`])
      expect(bodyOf(emulator, 'PATCH', `${FLOWS_PATH}/${before!.id}`)).toEqual([
        {
          op: 'replace',
          path: '/scheduleParams',
          value: { startTime: 1769850000, frequency: 'day', interval: 1, backfill: true },
        },
      ])
      expect(emulator.flows()[0]!.scheduleParams).toMatchObject({ frequency: 'day' })
      expect(Number(emulator.flows()[0]!.scheduleParams['startTime'])).toBe(1769850000)
      expect(result.outputs['result']).toBe('updated')
      expect(warningsOf(result)).toHaveLength(1)
      expect(warningsOf(result)[0]).toMatch(KEPT)
    })

    it('update with only another start-time writes nothing, and says the start time stays', async () => {
      const base = seedBase(emulator)
      await created(base, { 'start-time': FIRST })
      const result = await runFlow(emulator, flowInputs(emulator, base, { 'if-exists': 'update', 'start-time': LATER }))
      expect(result.exitCode, result.log).toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(result.outputs['result']).toBe('reused')
      expect(warningsOf(result)[0]).toMatch(KEPT)
      expect(result.log).toMatch(/already matches the inputs, but for its start time; nothing was written\./)
    })

    it('a dry run warns as the real run would', async () => {
      const base = seedBase(emulator)
      await created(base, { 'start-time': FIRST })
      const result = await runFlow(emulator, flowInputs(emulator, base, { 'dry-run': 'true', 'start-time': LATER }))
      expect(result.exitCode, result.log).toBe(0)
      expect(result.outputs['result']).toBe('would-reuse')
      expect(warningsOf(result)[0]).toMatch(KEPT)
    })
  })

  it('update with another flow-description brings the description in line (action.yml: if-exists)', async () => {
    const base = seedBase(emulator)
    await created(base, { 'flow-description': 'old' })
    const [before] = emulator.flows()
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'if-exists': 'update', 'flow-description': 'new' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(writeLines(emulator)).toEqual([`PATCH ${FLOWS_PATH}/${before!.id}`])
    expect(writes(emulator)[0]!.headers['if-match']).toBe(before!.etag)
    expect(emulator.flows()[0]!.description).toBe('new')
    expect(result.outputs['result']).toBe('updated')
  })

  it('update with another mapping writes a new mapping version and points the flow at it', async () => {
    const base = seedBase(emulator)
    const first = await created(base)
    const [before] = emulator.flows()
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'if-exists': 'update', mapping: JSON.stringify(OTHER_MAPPING) }),
    )
    expect(result.exitCode, result.log).toBe(0)
    const mappingId = first.outputs['mapping-id']!
    expect(writeLines(emulator)).toEqual([`PUT ${MAPPING_SETS_PATH}/${mappingId}`, `PATCH ${FLOWS_PATH}/${before!.id}`])
    const [patch] = writesTo(emulator, 'PATCH', `${FLOWS_PATH}/${before!.id}`)
    expect(patch!.headers['if-match']).toBe(before!.etag)

    expect(result.outputs).toMatchObject({
      result: 'updated',
      'flow-id': before!.id,
      'mapping-id': mappingId,
      'mapping-version': '1',
      'source-connection-id': first.outputs['source-connection-id'],
      'target-connection-id': first.outputs['target-connection-id'],
    })
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    const [mappingSet] = emulator.mappingSets()
    expect(mappingSet!.versions).toHaveLength(2)
    expect(mappingSet!.versions[1]!.mappings.map(({ source, destination }) => ({ source, destination }))).toEqual(
      OTHER_MAPPING,
    )
    const [after] = emulator.flows()
    expect(after!.transformations).toContainEqual({
      name: 'Mapping',
      params: { mappingId, mappingVersion: 1 },
    })
    expect(groups(result.log)).toEqual(PLAN_GROUPS)
  })

  it('update with nothing different writes nothing', async () => {
    const base = seedBase(emulator)
    await created(base)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'if-exists': 'update' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(writes(emulator)).toEqual([])
    expect(result.outputs['mapping-version']).toBe('0')
  })

  it('update with another schedule PATCHes the flow with If-Match and no new mapping version', async () => {
    const base = seedBase(emulator)
    await created(base)
    const [before] = emulator.flows()
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'if-exists': 'update', schedule: 'day', 'schedule-interval': '1' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(writeLines(emulator)).toEqual([`PATCH ${FLOWS_PATH}/${before!.id}`])
    expect(writes(emulator)[0]!.headers['if-match']).toBe(before!.etag)
    expect(emulator.flows()[0]!.scheduleParams).toMatchObject({ frequency: 'day' })
    expect(result.outputs).toMatchObject({ result: 'updated', 'mapping-version': '0' })
  })

  it('update with another table fails: it cannot be changed in place', async () => {
    const base = seedBase(emulator)
    await created(base, { 'flow-name': 'CRM flow' })
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, {
        'flow-name': 'CRM flow',
        'if-exists': 'update',
        table: 'Hubspot.Companies',
        mapping: JSON.stringify([{ source: 'Properties_Name_Value', destination: 'person.name.lastName' }]),
      }),
    )
    expect(result.exitCode).toBe(1)
    const error = errorOf(result)
    expect(error).toMatch(/table/i)
    expect(error).toMatch(/cannot be changed|in place/i)
    expect(writes(emulator)).toEqual([])
  })

  it('update with another dataset fails: it cannot be changed in place', async () => {
    const base = seedBase(emulator)
    await created(base)
    const other = emulator.seedDataset({ name: 'Other contacts' })
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'if-exists': 'update', 'dataset-id': other.id }),
    )
    expect(result.exitCode).toBe(1)
    const error = errorOf(result)
    expect(error).toMatch(/dataset/i)
    expect(error).toMatch(/cannot be changed|in place/i)
    expect(writes(emulator)).toEqual([])
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
  })

  it('fail stops on an existing flow, naming its id', async () => {
    const base = seedBase(emulator)
    const first = await created(base)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'if-exists': 'fail' }))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toContain(first.outputs['flow-id']!)
    expect(writes(emulator)).toEqual([])
  })

  for (const mode of ['reuse', 'update', 'fail']) {
    it(`${mode} refuses to choose between two flows of that name, listing both`, async () => {
      const base = seedBase(emulator)
      const first = await created(base)
      const [flow] = emulator.flows()
      const second = await postFlowDirectly(emulator, {
        name: flow!.name,
        flowSpec: flow!.flowSpec,
        sourceConnectionIds: flow!.sourceConnectionIds,
        targetConnectionIds: flow!.targetConnectionIds,
        transformations: flow!.transformations,
        scheduleParams: flow!.scheduleParams,
      })
      const result = await runFlow(emulator, flowInputs(emulator, base, { 'if-exists': mode }))
      expect(result.exitCode).toBe(1)
      const error = errorOf(result)
      expect(error).toContain(first.outputs['flow-id']!)
      expect(error).toContain(second)
      expect(writes(emulator)).toEqual([])
    })
  }
})

describe('dry run', () => {
  it('plans a create and writes nothing', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'dry-run': 'true' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('would-create')
    expect(output(result.outputs, 'flow-id')).toBe('')
    expect(writes(emulator)).toEqual([])
    expect(counts(emulator)).toEqual(NONE)
    expect(groups(result.log)).toEqual(PLAN_GROUPS)
  })

  it('plans a reuse, giving the ids of the existing resources', async () => {
    const base = seedBase(emulator)
    const first = await runFlow(emulator, flowInputs(emulator, base))
    expect(first.exitCode, first.log).toBe(0)
    emulator.clearRequests()
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'dry-run': 'true' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({
      result: 'would-reuse',
      'flow-id': first.outputs['flow-id'],
      'source-connection-id': first.outputs['source-connection-id'],
      'target-connection-id': first.outputs['target-connection-id'],
      'mapping-id': first.outputs['mapping-id'],
      'mapping-version': '0',
    })
    expect(writes(emulator)).toEqual([])
  })

  it('plans an update and writes nothing', async () => {
    const base = seedBase(emulator)
    await runFlow(emulator, flowInputs(emulator, base))
    emulator.clearRequests()
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'dry-run': 'true', 'if-exists': 'update', mapping: JSON.stringify(OTHER_MAPPING) }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('would-update')
    expect(writes(emulator)).toEqual([])
    expect(emulator.mappingSets()[0]!.versions).toHaveLength(1)
  })

  it('fails as the real run would: an update of the dataset cannot be planned', async () => {
    const base = seedBase(emulator)
    await runFlow(emulator, flowInputs(emulator, base))
    emulator.clearRequests()
    const other = emulator.seedDataset({ name: 'Other contacts' })
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'dry-run': 'true', 'if-exists': 'update', 'dataset-id': other.id }),
    )
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/cannot be changed|in place/i)
    expect(writes(emulator)).toEqual([])
  })

  it('fails as the real run would: if-exists fail on an existing flow', async () => {
    const base = seedBase(emulator)
    const first = await runFlow(emulator, flowInputs(emulator, base))
    emulator.clearRequests()
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'dry-run': 'true', 'if-exists': 'fail' }))
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toContain(first.outputs['flow-id']!)
    expect(writes(emulator)).toEqual([])
  })

  it('says so in the summary', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { 'dry-run': 'true' }))
    expect(result.summary).toContain(SUMMARY_HEADING)
    expect(result.summary).toMatch(/Dry run/)
  })
})

describe('debug mode', () => {
  it('logs the calls but no request body and no secret', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base), { debug: true })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/::debug::POST \/data\/foundation\/flowservice\/flows answered 20\d/)
    expect(result.log).not.toMatch(
      /"baseConnectionId"|"transformations"|"outputSchema"|"mappings"|"scheduleParams"|client_secret=/,
    )
    expect(result.log).not.toContain(DEMO.adobe.clientSecret)
  })
})
