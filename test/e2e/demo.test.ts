import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import { ROOT } from '../support/run-action.js'

describe('npm start', () => {
  it('creates the connection with the committed bundle, then reuses it, and shows no secret', async () => {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/demo.ts'], {
      cwd: ROOT,
      timeout: 60_000,
    })
    expect(stdout).toMatch(/First run[\s\S]*exit code 0[\s\S]*result = created[\s\S]*connection-state = enabled/)
    expect(stdout).toMatch(/Second run[\s\S]*exit code 0[\s\S]*Reusing connection[\s\S]*result = reused/)
    expect(stdout).toContain('HubSpot connections named "HubSpot (demo)" in sandbox prod: 1.')
    expect(stdout).toContain('<table>')
    for (const secret of [DEMO.adobe.clientSecret, DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken])
      expect(stdout).not.toContain(secret)
    expect(stdout).not.toContain('::add-mask::')
  })
})
