import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { useEmulator } from '../support/use-emulator.js'
import { INVALID_INPUTS } from '../support/invalid-inputs.js'
import { baseInputs, run } from './fixtures.js'

let emulator: Emulator
useEmulator((started) => (emulator = started))

describe('bad input fails the step before any request', () => {
  for (const { title, overrides, input, rule } of INVALID_INPUTS) {
    it(`${title}: names ${input}`, async () => {
      const result = await run(emulator, baseInputs(emulator, overrides))
      expect(result.exitCode).toBe(1)
      const error = result.log.split('\n').find((line) => line.startsWith('::error::'))
      expect(error, result.log).toBeDefined()
      const lines = error!.replace('::error::', '').split('%0A')
      expect(lines[0]).toMatch(/inputs? (is|are) invalid; no request was sent/)
      expect(lines.find((line) => line.startsWith(`- input '${input}':`))).toMatch(rule)
      expect(emulator.requests).toEqual([])
      expect(result.outputs).toEqual({})
    })
  }
})
