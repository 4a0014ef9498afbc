import type { Clock, RunnerIO } from '../../src/core/runner.js'
import type { StepOptions } from '../../src/core/step.js'
import { FakeRunner } from './fake-runner.js'
import { readActionYaml, type ActionRun } from './run-action.js'

export interface InProcessOptions {
  /** RUNNER_DEBUG (default on: debug mode prints the most, so the leak check sees the most). */
  debug?: boolean
  /** false: the runner gives no step summary file. */
  summary?: boolean
  clock?: Clock
  /** The process environment the step sees (proxy variables). */
  env?: NodeJS.ProcessEnv
}

/** An action's `run`, as its main module exports it. */
export type ActionMain = (io: RunnerIO, options: StepOptions) => Promise<void>

/**
 * Runs an action's engine in this process, as the runner would run its bundle: the action.yml
 * defaults for inputs not given, a fake runner that records the log, outputs and summary. The
 * result has the shape of a bundle run's, so the same assertions read both.
 */
export async function runInProcess(
  main: ActionMain,
  inputs: Record<string, string>,
  options: InProcessOptions = {},
  actionYaml = readActionYaml(),
): Promise<ActionRun> {
  const defaults = Object.fromEntries(
    Object.entries(actionYaml.inputs).flatMap(([name, spec]) =>
      spec.default !== undefined ? [[name, String(spec.default)]] : [],
    ),
  )
  const runner = new FakeRunner({
    inputs: { ...defaults, ...inputs },
    debug: options.debug ?? true,
    ...(options.summary !== undefined ? { summary: options.summary } : {}),
  })
  let watchdogFired = false
  const started = Date.now()
  await main(runner, {
    env: options.env ?? {},
    ...(options.clock ? { clock: options.clock } : {}),
    exit: () => {
      watchdogFired = true
    },
  })
  if (watchdogFired) throw new Error('the step outlived its deadline: the watchdog fired')
  return {
    exitCode: runner.failed ? 1 : 0,
    log: runner.log,
    outputs: { ...runner.outputs },
    summary: runner.summary,
    outputFile: runner.outputFile(),
    envFiles: {},
    durationMs: Date.now() - started,
  }
}
