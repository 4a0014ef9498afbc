import { expect } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator, RecordedRequest } from '../emulator/server.js'
import { demoInputs } from '../support/demo-inputs.js'
import { findLeaks } from '../support/leak-scanner.js'
import { runAction, type ActionRun, type RunOptions } from '../support/run-action.js'

export const HUBSPOT_SPEC_ID = 'cc6a4487-9e91-433e-a3a3-9cf6626c1806'
export const CONNECTIONS_PATH = '/data/foundation/flowservice/connections'

/** The inputs of a working step against the emulator, with the Adobe secret (tokens minted). */
export function baseInputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return demoInputs(emulator.urls, overrides)
}

/**
 * Runs the built action (in debug mode unless told otherwise) and checks, for every run, that no
 * secret (the inputs' and every token the emulator issued) is visible in the log as the runner shows
 * it, or present at all in the outputs, the summary or the env files.
 */
export async function run(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<ActionRun> {
  // Debug mode by default: it prints the most (stack traces too), so the leak check sees the most.
  const result = await runAction(inputs, { ...options, env: { RUNNER_DEBUG: '1', ...options.env } })
  const secrets = [
    DEMO.adobe.clientSecret,
    DEMO.hubspot.clientSecret,
    DEMO.hubspot.refreshToken,
    ...[
      'adobe-client-secret',
      'adobe-access-token',
      'hubspot-client-secret',
      'hubspot-refresh-token',
      'hubspot-access-token',
    ]
      .map((name) => inputs[name] ?? '')
      .filter(Boolean),
    ...emulator.issuedTokens(),
  ]
  const files = { outputs: result.outputFile, summary: result.summary, ...result.envFiles }
  expect(findLeaks(secrets, { log: result.log, files })).toEqual([])
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
