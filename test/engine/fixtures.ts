import { expect } from 'vitest'
import { run as runConnectionAction } from '../../src/actions/connection/main.js'
import type { Emulator, RecordedRequest } from '../emulator/server.js'
import { demoInputs } from '../support/demo-inputs.js'
import { expectNoLeaks } from '../support/leaks.js'
import type { ActionRun } from '../support/run-action.js'
import { runInProcess, type InProcessOptions } from '../support/run-in-process.js'

export { CONNECTIONS_PATH } from '../support/faults.js'
export const HUBSPOT_SPEC_ID = 'cc6a4487-9e91-433e-a3a3-9cf6626c1806'

/** The inputs of a working step against the emulator, with the Adobe secret (tokens minted). */
export function baseInputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return demoInputs(emulator.urls, overrides)
}

/**
 * Runs the connection action in this process (in debug mode unless told otherwise) and checks,
 * for every run, that no secret leaked into its log, outputs or summary.
 */
export async function run(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: InProcessOptions = {},
): Promise<ActionRun> {
  const result = await runInProcess(runConnectionAction, inputs, options)
  // What a failed step's other phases had sent on its way is this test's, not the next one's.
  await emulator.quiet()
  expectNoLeaks(emulator, inputs, result)
  return result
}

export function platformRequests(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((request) => request.service === 'platform')
}

export function writes(emulator: Emulator): RecordedRequest[] {
  return platformRequests(emulator).filter((request) => request.method !== 'GET')
}

export function summaryOf(emulator: Emulator): string[] {
  return emulator.requests.map((request) => `${request.service} ${request.method} ${request.path}`)
}

/**
 * The emulator's requests, as summaryOf gives them, are `expected`: a list inside it holds calls
 * the step makes at the same time, which may reach the emulator in any order.
 */
export function expectRequests(emulator: Emulator, expected: ReadonlyArray<unknown>): void {
  const seen = summaryOf(emulator)
  const ordered: unknown[] = []
  let at = 0
  for (const step of expected) {
    if (Array.isArray(step)) {
      const together = seen.slice(at, at + step.length)
      ordered.push(...(together.every((call) => step.includes(call)) ? together : step))
      at += step.length
    } else {
      ordered.push(step)
      at += 1
    }
  }
  expect(seen).toEqual(ordered)
}
