import type { Emulator } from '../emulator/server.js'
import { expectNoLeaks } from '../support/leaks.js'
import { runAction, type ActionRun, type RunOptions } from '../support/run-action.js'

export { baseInputs, platformRequests, summaryOf, writes, CONNECTIONS_PATH } from '../engine/fixtures.js'

/**
 * Runs the built action as the runner does (in debug mode unless told otherwise) and checks, for
 * every run, that no secret leaked into its log, outputs, summary or env files.
 */
export async function run(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<ActionRun> {
  // Debug mode by default: it prints the most (stack traces too), so the leak check sees the most.
  const result = await runAction(inputs, { ...options, env: { RUNNER_DEBUG: '1', ...options.env } })
  expectNoLeaks(emulator, inputs, result)
  return result
}

/** Runs the built data-flow action (dist/dataflow/index.js) as `run` runs the connection action. */
export function runFlow(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: Omit<RunOptions, 'action'> = {},
): Promise<ActionRun> {
  return run(emulator, inputs, { ...options, action: 'dataflow' })
}
