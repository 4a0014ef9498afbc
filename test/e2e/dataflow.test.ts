import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator, StoredConnection } from '../emulator/server.js'
import {
  CREATES,
  CREATE_GROUPS,
  MAPPING,
  MAPPING_SETS_PATH,
  ONE_OF_EACH,
  PLAN_GROUPS,
  SUMMARY_HEADING,
  VALIDATE_PATH,
  counts,
  errorOf,
  flowInputs,
  groups,
  writeLines,
  type ResourceName,
} from '../engine/dataflow-fixtures.js'
import { commitThenReset, status } from '../support/faults.js'
import { INVALID_DATAFLOW_INPUTS } from '../support/invalid-dataflow-inputs.js'
import { useEmulator } from '../support/use-emulator.js'
import { platformRequests, runFlow } from './fixtures.js'

// The built dist/dataflow/index.js, run as the runner runs it (INPUT_* variables with hyphens
// kept, dataflow/action.yml's defaults, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE).
// Every path of the engine is tested in-process (test/engine/dataflow*.test.ts); these few prove
// the bundle wires the same engine to the real runner. Each run is a process, so they stay few.

let emulator: Emulator
// A run shows 'inProgress' once, then its end: one real wait of the poll, not two.
useEmulator((started) => (emulator = started), { runs: { scheduledReads: 0, inProgressReads: 1 } })

const seedBase = (): StoredConnection => emulator.seedConnection({ name: 'HubSpot' })
const WAIT = { 'wait-for-run': 'true' }

/** Every platform request that could change something: POST, PUT, PATCH, DELETE (validating a mapping changes nothing). */
function platformWrites(): string[] {
  return platformRequests(emulator)
    .filter((request) => request.method !== 'GET' && request.path !== VALIDATE_PATH)
    .map((request) => `${request.method} ${request.path}`)
}

/** The ids of the one resource of each kind the emulator holds, as the outputs name them. */
function storedIds() {
  const [source, ...moreSources] = emulator.sourceConnections()
  const [target, ...moreTargets] = emulator.targetConnections()
  const [mapping, ...moreMappings] = emulator.mappingSets()
  const [flow, ...moreFlows] = emulator.flows()
  expect([moreSources, moreTargets, moreMappings, moreFlows]).toEqual([[], [], [], []])
  return {
    'source-connection-id': source!.id,
    'target-connection-id': target!.id,
    'mapping-id': mapping!.id,
    'mapping-version': String(mapping!.versions.at(-1)!.version),
    'flow-id': flow!.id,
  }
}

describe('the data-flow bundle, as the runner runs it', () => {
  it('creates the chain and waits for the first run, then a re-run reuses it and writes nothing, and reports the latest run', async () => {
    const base = seedBase()
    const first = await runFlow(emulator, flowInputs(emulator, base, WAIT))
    expect(first.exitCode, first.log).toBe(0)
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    const ids = storedIds()
    const [storedRun, ...otherRuns] = emulator.runs()
    expect(otherRuns).toEqual([])
    expect(storedRun!.flowId).toBe(ids['flow-id'])
    expect(first.outputs).toEqual({
      ...ids,
      result: 'created',
      'run-id': storedRun!.id,
      'run-status': 'success',
      'records-read': String(storedRun!.inputRecordCount),
      'records-written': String(storedRun!.inputRecordCount),
      'records-failed': '0',
    })
    expect(first.outputFile).toMatch(/^source-connection-id<<ghadelimiter_/)
    expect(emulator.flows()[0]!.sourceConnectionIds).toEqual([ids['source-connection-id']])
    expect(emulator.sourceConnections()[0]!.baseConnectionId).toBe(base.id)
    expect(emulator.targetConnections()[0]!.params.dataSetId).toBe(DEMO.dataset.id)

    expect(first.summary).toContain(SUMMARY_HEADING)
    expect(first.summary).toContain('<table>')
    for (const id of Object.values(ids).slice(0, 3)) expect(first.summary).toContain(id)
    expect(first.summary).toContain(`<td>${ids['flow-id']}</td><td>created</td>`)
    expect(first.summary).toContain(`First run ${storedRun!.id}: success`)
    expect(groups(first.log)).toEqual([...CREATE_GROUPS, 'First run'])
    expect(first.log.match(/^::endgroup::$/gm)).toHaveLength(CREATE_GROUPS.length + 1)

    emulator.clearRequests()
    const second = await runFlow(emulator, flowInputs(emulator, base, WAIT))
    expect(second.exitCode, second.log).toBe(0)
    expect(second.outputs).toMatchObject({ ...ids, result: 'reused', 'run-id': storedRun!.id, 'run-status': 'success' })
    expect(second.log).toContain(`Reusing flow ${ids['flow-id']}; nothing was written.`)
    expect(platformWrites()).toEqual([])
    // The one request that is not a read checks the mapping with Data Prep, which stores nothing.
    const notReads = platformRequests(emulator).filter((request) => request.method !== 'GET')
    expect(notReads.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${VALIDATE_PATH}`])
    expect(counts(emulator)).toEqual(ONE_OF_EACH)

    // The scheduler runs the flow again: the next re-run waits for that run, the latest.
    const latest = emulator.scheduleNextRun(ids['flow-id']!)
    const third = await runFlow(emulator, flowInputs(emulator, base, WAIT))
    expect(third.exitCode, third.log).toBe(0)
    expect(third.outputs).toMatchObject({ ...ids, result: 'reused', 'run-id': latest.id, 'run-status': 'success' })
    expect(third.summary).toContain(`Latest run ${latest.id}: success`)
    expect(groups(third.log)).toEqual([...PLAN_GROUPS, 'Latest run'])
  })

  it('reads a mapping given as a file path relative to GITHUB_WORKSPACE', async () => {
    const inputs = flowInputs(emulator, seedBase(), { mapping: 'mappings/contacts.json' })
    const result = await runFlow(emulator, inputs, {
      workspace: { 'mappings/contacts.json': JSON.stringify(MAPPING, null, 2) },
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({ ...storedIds(), result: 'created', 'run-id': '', 'run-status': '' })
    const stored = emulator.mappingSets()[0]!.versions.at(-1)!.mappings
    expect(stored.map(({ source, destination }) => ({ source, destination }))).toEqual(MAPPING)
  })

  it('fails on bad input before any request, naming each input in one error', async () => {
    const connection = INVALID_DATAFLOW_INPUTS.find((invalid) => invalid.title === 'connection id that is not a UUID')!
    const mapping = INVALID_DATAFLOW_INPUTS.find((invalid) => invalid.title === 'missing mapping file')!
    const result = await runFlow(
      emulator,
      flowInputs(emulator, seedBase(), { ...connection.overrides, ...mapping.overrides }),
      { workspace: {} },
    )
    expect(result.exitCode).toBe(1)
    const lines = errorOf(result).split('\n')
    expect(lines[0]).toMatch(/inputs? (is|are) invalid; no request was sent/)
    expect(lines.find((line) => line.startsWith(`- input 'connection-id':`))).toMatch(connection.rule)
    expect(lines.find((line) => line.startsWith(`- input 'mapping':`))).toMatch(mapping.rule)
    expect(emulator.requests).toEqual([])
    expect(result.outputs).toEqual({})
  })

  it.each(Object.keys(CREATES) as ResourceName[])(
    'adopts the %s whose create landed but whose answer was lost',
    async (name) => {
      emulator.injectFault(commitThenReset(CREATES[name]))
      const result = await runFlow(emulator, flowInputs(emulator, seedBase()))
      expect(result.exitCode, result.log).toBe(0)
      expect(counts(emulator)).toEqual(ONE_OF_EACH)
      expect(result.outputs).toMatchObject({ ...storedIds(), result: 'created' })
      expect(
        platformWrites().filter((line) => line === `POST ${CREATES[name].path}`),
        writeLines(emulator).join('\n'),
      ).toHaveLength(1)
      expect(result.log).toMatch(/the answer was lost; adopting/)
    },
  )

  it('adopts what an interrupted earlier run left, and creates only the flow', async () => {
    const base = seedBase()
    emulator.injectFault(status(CREATES.flow, 400))
    const interrupted = await runFlow(emulator, flowInputs(emulator, base))
    expect(interrupted.exitCode).toBe(1)
    expect(errorOf(interrupted)).toMatch(/Flow Service/)
    expect(counts(emulator)).toEqual({ ...ONE_OF_EACH, flows: 0 })
    const left = {
      'source-connection-id': emulator.sourceConnections()[0]!.id,
      'target-connection-id': emulator.targetConnections()[0]!.id,
      'mapping-id': emulator.mappingSets()[0]!.id,
    }
    // Each resource's id is an output the moment it exists, so a failed step still names them.
    expect(interrupted.outputs).toMatchObject(left)

    emulator.clearRequests()
    const again = await runFlow(emulator, flowInputs(emulator, base))
    expect(again.exitCode, again.log).toBe(0)
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    expect(again.outputs).toMatchObject({ ...left, 'flow-id': emulator.flows()[0]!.id, result: 'created' })
    expect(platformWrites()).toEqual([`POST ${CREATES.flow.path}`])
    expect(again.log).toContain(
      `Adopting source connection ${left['source-connection-id']}, which an earlier run made.`,
    )
    expect(again.log).toContain(
      `Adopting target connection ${left['target-connection-id']}, which an earlier run made.`,
    )
    expect(again.log).toMatch(new RegExp(`Adopting mapping set ${left['mapping-id']} \\(version \\d+\\)`))
    expect(again.summary).toContain('adopted')
    expect(platformWrites().filter((line) => line.startsWith(`POST ${MAPPING_SETS_PATH}`))).toEqual([])
  })

  it('fails when the first run fails, naming its error codes, with the run outputs set', async () => {
    emulator.failNextFlow()
    const result = await runFlow(emulator, flowInputs(emulator, seedBase(), WAIT))
    expect(result.exitCode).toBe(1)
    const [storedRun] = emulator.runs()
    const error = errorOf(result)
    expect(error).toContain(`the first run ${storedRun!.id} ended failed`)
    for (const code of ['CONNECTOR-2001-500', 'INGEST-1212-400', 'MAPPER-3700-400']) expect(error).toContain(code)
    expect(result.outputs).toMatchObject({
      ...storedIds(),
      result: 'created',
      'run-id': storedRun!.id,
      'run-status': 'failed',
      'records-read': String(storedRun!.inputRecordCount),
      'records-written': '0',
      'records-failed': String(storedRun!.inputRecordCount),
    })
    expect(result.summary).toContain(`First run ${storedRun!.id}: failed`)
  })
})
