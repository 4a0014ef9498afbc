// `npm start`: the action end to end on this machine, with no Adobe or HubSpot account. Starts
// the local emulator, runs the committed dist/index.js twice the way the GitHub runner does
// (first creating the connection, then reusing it), and shows the outputs and step summaries.
import { startEmulator } from '../test/emulator/server.js'
import { demoInputs } from '../test/support/demo-inputs.js'
import { runAction, type ActionRun } from '../test/support/run-action.js'
import { readableLog } from '../test/support/runner-log.js'

const emulator = await startEmulator()
try {
  console.log(
    `Emulator: IMS ${emulator.urls.ims}, HubSpot ${emulator.urls.hubspot}, Platform ${emulator.urls.platform}\n`,
  )
  const inputs = demoInputs(emulator.urls, {
    'sandbox-name': 'prod',
    'connection-name': 'HubSpot (demo)',
    'connection-description': 'Created by npm start against the local emulator',
    verify: 'explore',
  })
  const first = await runAction(inputs)
  show('First run: the connection does not exist yet, so the step creates it', first)
  const requestsAfterFirst = emulator.requests.length
  const second = await runAction(inputs)
  show('Second run: the same step again finds the connection and reuses it', second)
  console.log(
    `The emulator received ${requestsAfterFirst} requests in the first run and ${emulator.requests.length - requestsAfterFirst} in the second.`,
  )
  console.log(`HubSpot connections named "HubSpot (demo)" in sandbox prod: ${emulator.connections('prod').length}.`)
  if (first.exitCode !== 0 || second.exitCode !== 0) process.exitCode = 1
} finally {
  await emulator.close()
}

function show(title: string, run: ActionRun): void {
  const rule = '-'.repeat(title.length)
  console.log(`${title}\n${rule}`)
  console.log(`Step log as the runner shows it (exit code ${run.exitCode}, ${run.durationMs} ms):`)
  console.log(indent(readableLog(run.log).trimEnd()))
  console.log('Step outputs:')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`)
  console.log('Step summary (Markdown/HTML):')
  console.log(`${indent(run.summary.trimEnd())}\n`)
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}
