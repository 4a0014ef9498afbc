import { expect } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import type { ActionRun } from './run-action.js'

/**
 * A step that failed on its inputs as every action must: exit 1, one error whose first line says
 * no request was sent and whose line for `input` states `rule`, no request, no output.
 */
export function expectInputFailure(result: ActionRun, emulator: Emulator, input: string, rule: RegExp): void {
  expect(result.exitCode).toBe(1)
  const error = result.log.split('\n').find((line) => line.startsWith('::error::'))
  expect(error, result.log).toBeDefined()
  const lines = error!.replace('::error::', '').split('%0A')
  expect(lines[0]).toMatch(/inputs? (is|are) invalid; no request was sent/)
  expect(lines.find((line) => line.startsWith(`- input '${input}':`))).toMatch(rule)
  expect(emulator.requests).toEqual([])
  expect(result.outputs).toEqual({})
}
