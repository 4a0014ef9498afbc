import { actionsRunner } from '../../core/actions-runner.js'
import { systemClock, type RunnerIO } from '../../core/runner.js'
import { runStep, type StepOptions } from '../../core/step.js'
import { runDataflow } from './engine.js'
import { readDataflowConfig } from './inputs.js'
import { readMappingFile } from './mapping.js'
import { SUMMARY_TITLE } from './report.js'

/**
 * The data-flow action: turns the HubSpot base connection into a data flow (source connection,
 * target connection, mapping set, flow, and its first run when asked). Runs on the runner's I/O
 * unless given another (tests give a recorder; `@github/local-action` calls this too).
 */
export function run(io: RunnerIO = actionsRunner, options: StepOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  const clock = options.clock ?? systemClock
  return runStep(
    io,
    {
      title: SUMMARY_TITLE,
      readConfig: (getInput, secrets) => {
        const config = readDataflowConfig(getInput, secrets, {
          workspace: env['GITHUB_WORKSPACE'] ?? '',
          readFile: readMappingFile,
          now: () => clock.now(),
        })
        secrets.registerBasicCredentials(config.adobe.clientId, config.adobe.clientSecret)
        return config
      },
      run: runDataflow,
    },
    options,
  )
}
