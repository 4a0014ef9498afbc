import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { INVALID_DATAFLOW_INPUTS } from '../support/invalid-dataflow-inputs.js'
import { useEmulator } from '../support/use-emulator.js'
import {
  MAPPING,
  MAPPING_SETS_PATH,
  OTHER_MAPPING,
  bodyOf,
  flowInputs,
  runFlow,
  seedBase,
} from './dataflow-fixtures.js'
import { expectInputFailure } from '../support/input-failure.js'

let emulator: Emulator
useEmulator((started) => (emulator = started))

/** A workspace with one mapping file, and no mappings/absent.json. */
let workspace: string
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'dataflow-workspace-'))
  mkdirSync(join(workspace, 'mappings'))
  writeFileSync(join(workspace, 'mappings', 'contacts.json'), JSON.stringify(OTHER_MAPPING, null, 2))
})
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true })
})

/** Any well-formed connection id: no request is sent, so none needs to exist. */
const CONNECTION_ID = '0b9c7a1e-5f3d-4c2b-9a8e-1d2c3b4a5f6e'

describe('bad input fails the step before any request', () => {
  for (const { title, overrides, input, rule } of INVALID_DATAFLOW_INPUTS) {
    it(`${title}: names ${input}`, async () => {
      const result = await runFlow(emulator, flowInputs(emulator, CONNECTION_ID, overrides), {
        env: { GITHUB_WORKSPACE: workspace },
      })
      expectInputFailure(result, emulator, input, rule)
    })
  }
})

describe('the mapping as a file', () => {
  it('reads a mapping file relative to GITHUB_WORKSPACE', async () => {
    const base = seedBase(emulator)
    const result = await runFlow(emulator, flowInputs(emulator, base, { mapping: 'mappings/contacts.json' }), {
      env: { GITHUB_WORKSPACE: workspace },
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('created')
    const sent = bodyOf(emulator, 'POST', MAPPING_SETS_PATH).mappings
    expect(sent).toEqual(OTHER_MAPPING.map((entry) => ({ ...entry, sourceType: 'ATTRIBUTE' })))
    expect(sent).not.toEqual(MAPPING.map((entry) => ({ ...entry, sourceType: 'ATTRIBUTE' })))
  })
})
