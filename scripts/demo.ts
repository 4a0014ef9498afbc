// `npm start`: both actions end to end on this machine, with no Adobe or HubSpot account. Starts
// the local emulator and runs the committed bundles the way the GitHub runner does: the
// connection action (dist/index.js) creates the HubSpot base connection, the data-flow action
// (dist/dataflow/index.js) turns it into a data flow into the demo dataset and waits for its first
// run; then both steps again, finding everything and reusing it. Shows each step's log, outputs
// and step summary.
import { DEMO, DEMO_MAPPING } from '../test/emulator/demo.js'
import { demoDataflowInputs } from '../test/emulator/env-file.js'
import { startEmulator, type Emulator } from '../test/emulator/server.js'
import { demoInputs } from '../test/support/demo-inputs.js'
import { runAction, type ActionRun } from '../test/support/run-action.js'
import { readableLog } from '../test/support/runner-log.js'

for (const { destination } of DEMO_MAPPING) {
  if (!DEMO.dataset.schemaFields.includes(destination)) throw new Error(`${destination} is not in the demo schema`)
}

const emulator = await startEmulator()
try {
  console.log(
    `Emulator: IMS ${emulator.urls.ims}, HubSpot ${emulator.urls.hubspot}, Platform ${emulator.urls.platform}\n`,
  )
  const connectionInputs = demoInputs(emulator.urls, {
    'sandbox-name': 'prod',
    'connection-name': 'HubSpot (demo)',
    'connection-description': 'Created by npm start against the local emulator',
    verify: 'explore',
  })
  const steps: ActionRun[] = []
  const step = async (title: string, run: () => Promise<ActionRun>): Promise<ActionRun> => {
    const before = emulator.requests.length
    const result = await run()
    show(title, result, emulator.requests.length - before)
    steps.push(result)
    return result
  }

  const connection = await step(
    'First run, connection action: the connection does not exist yet, so it is created',
    () => runAction(connectionInputs),
  )
  const flowInputs = dataflowInputs(emulator, connection.outputs['connection-id'] ?? '')
  await step(
    'First run, data-flow action: the flow does not exist yet, so its chain is created and its first run waited for',
    () => runAction(flowInputs, { action: 'dataflow' }),
  )
  await step('Second run, connection action: the same step again finds the connection and reuses it', () =>
    runAction(connectionInputs),
  )
  await step('Second run, data-flow action: the same step again finds the flow and reuses it', () =>
    runAction(flowInputs, { action: 'dataflow' }),
  )

  console.log(`HubSpot connections named "HubSpot (demo)" in sandbox prod: ${emulator.connections('prod').length}.`)
  console.log(
    `Data flows in sandbox prod: ${emulator.flows('prod').length}, with ${emulator.sourceConnections('prod').length} source connection, ` +
      `${emulator.targetConnections('prod').length} target connection, ${emulator.mappingSets('prod').length} mapping set and ` +
      `${emulator.runs('prod').length} run.`,
  )
  if (steps.some((result) => result.exitCode !== 0)) process.exitCode = 1
} finally {
  await emulator.close()
}

/** The data-flow step's inputs: the connection from the first step, the demo dataset, a mapping. */
function dataflowInputs(emulator: Emulator, connectionId: string): Record<string, string> {
  return demoDataflowInputs(emulator.urls, connectionId, {
    'sandbox-name': 'prod',
    'flow-name': 'HubSpot contacts (demo)',
    'flow-description': 'Created by npm start against the local emulator',
    'wait-for-run': 'true',
  })
}

function show(title: string, run: ActionRun, requests: number): void {
  const rule = '-'.repeat(title.length)
  console.log(`${title}\n${rule}`)
  console.log(`Step log as the runner shows it (exit code ${run.exitCode}, ${run.durationMs} ms):`)
  console.log(indent(readableLog(run.log).trimEnd()))
  console.log('Step outputs:')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`)
  console.log('Step summary (Markdown/HTML):')
  console.log(indent(run.summary.trimEnd()))
  console.log(`The emulator received ${requests} requests in this step.\n`)
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}
