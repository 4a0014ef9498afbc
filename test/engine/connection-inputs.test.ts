import { describe, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { useEmulator } from '../support/use-emulator.js'
import { INVALID_INPUTS } from '../support/invalid-inputs.js'
import { baseInputs, run } from './fixtures.js'
import { expectInputFailure } from '../support/input-failure.js'

let emulator: Emulator
useEmulator((started) => (emulator = started))

describe('bad input fails the step before any request', () => {
  for (const { title, overrides, input, rule } of INVALID_INPUTS) {
    it(`${title}: names ${input}`, async () => {
      const result = await run(emulator, baseInputs(emulator, overrides))
      expectInputFailure(result, emulator, input, rule)
    })
  }
})
