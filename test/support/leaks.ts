import { expect } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator } from '../emulator/server.js'
import { findLeaks } from './leak-scanner.js'
import type { ActionRun } from './run-action.js'

const SECRET_INPUTS = [
  'adobe-client-secret',
  'adobe-access-token',
  'hubspot-client-secret',
  'hubspot-refresh-token',
  'hubspot-access-token',
]

/**
 * Checks that no secret (the demo credentials, the secret inputs of this run, and every token the
 * emulator issued) is visible in the log as the runner shows it, or present at all in the outputs,
 * the summary or the env files.
 */
export function expectNoLeaks(emulator: Emulator, inputs: Record<string, string>, result: ActionRun): void {
  const secrets = [
    DEMO.adobe.clientSecret,
    DEMO.hubspot.clientSecret,
    DEMO.hubspot.refreshToken,
    ...SECRET_INPUTS.map((name) => inputs[name] ?? '').filter(Boolean),
    ...emulator.issuedTokens(),
  ]
  const files = { outputs: result.outputFile, summary: result.summary, ...result.envFiles }
  expect(findLeaks(secrets, { log: result.log, files })).toEqual([])
}
