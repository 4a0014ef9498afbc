import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { commitThenReset, status } from '../support/faults.js'
import { useEmulator } from '../support/use-emulator.js'
import {
  CREATES,
  FLOWS_PATH,
  MAPPING_SETS_PATH,
  ONE_OF_EACH,
  OTHER_MAPPING,
  SOURCE_CONNECTIONS_PATH,
  TARGET_CONNECTIONS_PATH,
  counts,
  flowInputs,
  runFlow,
  seedBase,
  summaryRow,
  writeLines,
  writesTo,
  type ResourceName,
} from './dataflow-fixtures.js'

let emulator: Emulator
useEmulator((started) => (emulator = started))

/** The output that carries the id of each kind of resource, and the emulator's list of that kind. */
const KINDS: Record<ResourceName, { output: string; path: string; stored: () => Array<{ id: string }> }> = {
  'source connection': {
    output: 'source-connection-id',
    path: SOURCE_CONNECTIONS_PATH,
    stored: () => emulator.sourceConnections(),
  },
  'target connection': {
    output: 'target-connection-id',
    path: TARGET_CONNECTIONS_PATH,
    stored: () => emulator.targetConnections(),
  },
  'mapping set': { output: 'mapping-id', path: MAPPING_SETS_PATH, stored: () => emulator.mappingSets() },
  flow: { output: 'flow-id', path: FLOWS_PATH, stored: () => emulator.flows() },
}

describe('an interrupted earlier run', () => {
  it('is finished by the next run: it adopts the leftovers and creates only the flow', async () => {
    const base = seedBase(emulator)
    // The first run dies at the flow's create: Flow Service answers 503 until the step gives up.
    emulator.injectFault(status(CREATES.flow, 503, { headers: { 'retry-after': '0' }, times: 20 }))
    const first = await runFlow(emulator, flowInputs(emulator, base))
    expect(first.exitCode, first.log).toBe(1)
    expect(counts(emulator)).toEqual({ sourceConnections: 1, targetConnections: 1, mappingSets: 1, flows: 0 })
    const [source] = emulator.sourceConnections()
    const [target] = emulator.targetConnections()
    const [mappingSet] = emulator.mappingSets()

    emulator.clearFaults()
    emulator.clearRequests()
    const second = await runFlow(emulator, flowInputs(emulator, base))
    expect(second.exitCode, second.log).toBe(0)
    expect(writeLines(emulator)).toEqual([`POST ${FLOWS_PATH}`])
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    const [flow] = emulator.flows()
    expect(second.outputs).toMatchObject({
      result: 'created',
      'flow-id': flow!.id,
      'source-connection-id': source!.id,
      'target-connection-id': target!.id,
      'mapping-id': mappingSet!.id,
      'mapping-version': '0',
    })
    expect(flow).toMatchObject({ sourceConnectionIds: [source!.id], targetConnectionIds: [target!.id] })
    for (const id of [source!.id, target!.id, mappingSet!.id]) {
      expect(summaryRow(second.summary, id), id).toMatch(/adopted|reused/)
    }
    expect(summaryRow(second.summary, flow!.id)).toMatch(/created/)
  })

  it('adopts what a run whose target connection failed made beside it, and creates the rest', async () => {
    const base = seedBase(emulator)
    emulator.injectFault(status(CREATES['target connection'], 400))
    const first = await runFlow(emulator, flowInputs(emulator, base))
    expect(first.exitCode, first.log).toBe(1)
    // The three are written at the same time: the source connection and the mapping set were made.
    expect(counts(emulator)).toEqual({ sourceConnections: 1, targetConnections: 0, mappingSets: 1, flows: 0 })
    expect(first.outputs['source-connection-id']).toBe(emulator.sourceConnections()[0]!.id)
    expect(first.outputs['mapping-id']).toBe(emulator.mappingSets()[0]!.id)
    expect(first.outputs['target-connection-id'] ?? '').toBe('')

    emulator.clearFaults()
    emulator.clearRequests()
    const second = await runFlow(emulator, flowInputs(emulator, base))
    expect(second.exitCode, second.log).toBe(0)
    expect(writeLines(emulator)).toEqual([`POST ${TARGET_CONNECTIONS_PATH}`, `POST ${FLOWS_PATH}`])
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    expect(second.outputs['source-connection-id']).toBe(emulator.sourceConnections()[0]!.id)
    expect(second.outputs['mapping-id']).toBe(emulator.mappingSets()[0]!.id)
  })
})

describe('exactly once on every write', () => {
  for (const [name, target] of Object.entries(CREATES) as Array<[ResourceName, (typeof CREATES)[ResourceName]]>) {
    const kind = KINDS[name]

    it(`adopts the ${name} when its create landed but the answer was lost`, async () => {
      const base = seedBase(emulator)
      emulator.injectFault(commitThenReset(target))
      const result = await runFlow(emulator, flowInputs(emulator, base))
      expect(result.exitCode, result.log).toBe(0)
      const [only, ...more] = kind.stored()
      expect(more).toEqual([])
      expect(writesTo(emulator, 'POST', kind.path)).toHaveLength(1)
      expect(result.outputs[kind.output]).toBe(only!.id)
      expect(result.outputs['result']).toBe('created')
      expect(result.log).toMatch(/adopt/i)
      expect(counts(emulator)).toEqual(ONE_OF_EACH)
    })

    it(`retries the ${name} create after a 503, ending with exactly one`, async () => {
      const base = seedBase(emulator)
      emulator.injectFault(status(target, 503, { headers: { 'retry-after': '0' } }))
      const result = await runFlow(emulator, flowInputs(emulator, base))
      expect(result.exitCode, result.log).toBe(0)
      const [only, ...more] = kind.stored()
      expect(more).toEqual([])
      expect(writesTo(emulator, 'POST', kind.path)).toHaveLength(2)
      expect(result.outputs[kind.output]).toBe(only!.id)
      expect(result.log).toMatch(/attempt 1 of \d+ failed \(HTTP 503\)/)
      expect(counts(emulator)).toEqual(ONE_OF_EACH)
    })
  }

  it('adopts a new mapping version when the PUT landed but its answer was lost', async () => {
    const base = seedBase(emulator)
    const first = await runFlow(emulator, flowInputs(emulator, base))
    expect(first.exitCode, first.log).toBe(0)
    emulator.clearRequests()
    emulator.injectFault(commitThenReset({ service: 'platform', method: 'PUT', path: /\/mappingSets\/[0-9a-f]{32}$/ }))
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'if-exists': 'update', mapping: JSON.stringify(OTHER_MAPPING) }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(writesTo(emulator, 'PUT', /\/mappingSets\//)).toHaveLength(1)
    expect(emulator.mappingSets()[0]!.versions).toHaveLength(2)
    expect(result.outputs).toMatchObject({ result: 'updated', 'mapping-version': '1' })
    expect(emulator.flows()[0]!.transformations).toContainEqual({
      name: 'Mapping',
      params: { mappingId: first.outputs['mapping-id'], mappingVersion: 1 },
    })
  })

  it('re-reads the flow and retries once when its PATCH etag is stale', async () => {
    const base = seedBase(emulator)
    await runFlow(emulator, flowInputs(emulator, base))
    emulator.clearRequests()
    emulator.injectFault(status({ service: 'platform', method: 'PATCH', path: /\/flows\// }, 412))
    const result = await runFlow(
      emulator,
      flowInputs(emulator, base, { 'if-exists': 'update', schedule: 'day', 'schedule-interval': '1' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(writesTo(emulator, 'PATCH', /\/flows\//)).toHaveLength(2)
    expect(emulator.flows()[0]!.scheduleParams).toMatchObject({ frequency: 'day' })
    expect(emulator.flows()).toHaveLength(1)
  })
})

describe('a first run that does not end', () => {
  let slow: Emulator
  useEmulator((started) => (slow = started), { runs: { scheduledReads: 1_000_000 } })

  it('fails at timeout-seconds, saying the run did not end, with the flow and its ids as outputs', async () => {
    const base = seedBase(slow)
    const result = await runFlow(slow, flowInputs(slow, base, { 'wait-for-run': 'true', 'timeout-seconds': '60' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::.*(did not end|ran out of time).*timeout-seconds/)
    const [flow] = slow.flows()
    expect(result.outputs['flow-id']).toBe(flow!.id)
    expect(slow.runs()[0]!.status).toBe('scheduled')
  })
})
