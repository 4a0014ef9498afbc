import { actionsRunner } from '../../core/actions-runner.js'
import type { RunnerIO } from '../../core/runner.js'
import { runStep, type StepOptions } from '../../core/step.js'
import { connectHubSpot } from './engine.js'
import { readConfig } from './inputs.js'
import { SUMMARY_TITLE } from './report.js'

/**
 * The connection action: finds or creates the HubSpot base connection in Flow Service. Runs on the
 * runner's I/O unless given another (tests give a recorder; `@github/local-action` calls this too).
 */
export function run(io: RunnerIO = actionsRunner, options: StepOptions = {}): Promise<void> {
  return runStep(io, { title: SUMMARY_TITLE, readConfig, run: connectHubSpot }, options)
}
