import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import { ROOT } from '../support/run-action.js'

/** The part of the demo's output about one step: from its title to the next step's. */
function section(stdout: string, title: RegExp): string {
  const steps = stdout.split(/\n(?=(?:First|Second) run, )/)
  const found = steps.filter((step) => title.test(step.split('\n')[0] ?? ''))
  expect(found, `one step titled ${title}`).toHaveLength(1)
  return found[0]!
}

describe('npm start', () => {
  it('creates the connection and the data flow with the committed bundles, then reuses both, and shows no secret', async () => {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/demo.ts'], {
      cwd: ROOT,
      timeout: 60_000,
    })
    const connection = section(stdout, /^First run, connection action/)
    expect(connection).toMatch(/exit code 0[\s\S]*result = created[\s\S]*connection-state = enabled/)
    const connectionId = connection.match(/connection-id = (\S+)/)![1]!

    const flow = section(stdout, /^First run, data-flow action/)
    expect(flow).toMatch(/exit code 0/)
    expect(flow).toContain(`Connection ${connectionId} is HubSpot's and enabled`)
    expect(flow).toMatch(/▸ First run\n[\s\S]*ended: success/)
    expect(flow).toMatch(/result = created[\s\S]*run-status = success/)
    expect(flow).toContain(DEMO.dataset.id)
    const flowId = flow.match(/flow-id = (\S+)/)![1]!

    const connectionAgain = section(stdout, /^Second run, connection action/)
    expect(connectionAgain).toMatch(/exit code 0[\s\S]*Reusing connection[\s\S]*result = reused/)
    expect(connectionAgain).toContain(`connection-id = ${connectionId}`)

    const flowAgain = section(stdout, /^Second run, data-flow action/)
    expect(flowAgain).toMatch(/exit code 0/)
    expect(flowAgain).toContain(`Reusing flow ${flowId}; nothing was written.`)
    expect(flowAgain).toMatch(/result = reused[\s\S]*run-status = success/)
    expect(flowAgain).not.toMatch(/Created /)

    expect(stdout).toContain('HubSpot connections named "HubSpot (demo)" in sandbox prod: 1.')
    expect(stdout).toContain(
      'Data flows in sandbox prod: 1, with 1 source connection, 1 target connection, 1 mapping set and 1 run.',
    )
    expect(stdout.match(/<table>/g)).toHaveLength(4)
    for (const secret of [DEMO.adobe.clientSecret, DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken])
      expect(stdout).not.toContain(secret)
    expect(stdout).not.toContain('::add-mask::')
    expect(stdout).not.toMatch(/\beyJ[\w-]{20,}/)
  })
})
