import { afterEach, describe, expect, it, vi } from 'vitest'
import { run } from '../../../../src/actions/connection/main.js'
import { SUMMARY_TITLE } from '../../../../src/actions/connection/report.js'
import type { Emulator } from '../../../emulator/server.js'
import { demoInputs } from '../../../support/demo-inputs.js'
import { FakeClock } from '../../../support/fake-clock.js'
import { FakeRunner } from '../../../support/fake-runner.js'
import { useEmulator } from '../../../support/use-emulator.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

afterEach(() => {
  vi.restoreAllMocks()
})

const options = { env: {}, clock: new FakeClock(), exit: () => undefined }

describe('the connection action', () => {
  it('fails on invalid inputs before sending any request', async () => {
    const runner = new FakeRunner({ inputs: demoInputs(emulator.urls, { 'sandbox-name': 'PROD' }) })
    await run(runner, options)
    expect(runner.failed).toBe(true)
    expect(runner.log).toContain("::error::An input is invalid; no request was sent:%0A- input 'sandbox-name'")
    expect(runner.summary).toContain(`<h2>${SUMMARY_TITLE}</h2>`)
    expect(emulator.requests).toEqual([])
  })

  it('plans a connection in a dry run', async () => {
    const runner = new FakeRunner({ inputs: demoInputs(emulator.urls, { 'dry-run': 'true' }) })
    await run(runner, options)
    expect(runner.failed, runner.log).toBe(false)
    expect(runner.outputs).toEqual({ 'connection-id': '', etag: '', result: 'would-create', 'connection-state': '' })
    expect(emulator.connections()).toEqual([])
  })

  it('runs on the real runner by default', async () => {
    let stdout = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString()
      return true
    })
    const exitCode = process.exitCode
    const summary = process.env['GITHUB_STEP_SUMMARY']
    delete process.env['GITHUB_STEP_SUMMARY']
    try {
      // No INPUT_* variables: every required input is missing.
      await run(undefined, options)
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = exitCode
      if (summary !== undefined) process.env['GITHUB_STEP_SUMMARY'] = summary
    }
    expect(stdout).toMatch(
      /::error::\d+ inputs are invalid; no request was sent:%0A- input 'adobe-client-id': is required/,
    )
  })
})
