import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { body, commitThenReset, create, stall, lookup } from '../support/faults.js'
import { INVALID_INPUTS } from '../support/invalid-inputs.js'
import { visibleLog } from '../support/runner-log.js'
import { useEmulator } from '../support/use-emulator.js'
import { CONNECTIONS_PATH, baseInputs, platformRequests, run, summaryOf, writes } from './fixtures.js'

// The built dist/index.js, run as the runner runs it: INPUT_* variables with hyphens kept,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Every path of the engine is tested in-process
// (test/engine); these tests prove the bundle wires the same engine to the real runner.

let emulator: Emulator
useEmulator((started) => (emulator = started))

describe('the bundle, as the runner runs it', () => {
  it('creates, then a re-run reuses: outputs in GITHUB_OUTPUT, a summary, one log group per phase', async () => {
    const first = await run(emulator, baseInputs(emulator))
    expect(first.exitCode, first.log).toBe(0)
    const [stored, ...others] = emulator.connections('prod')
    expect(others).toEqual([])
    expect(first.outputs).toEqual({
      'connection-id': stored!.id,
      etag: stored!.etag,
      result: 'created',
      'connection-state': 'enabled',
    })
    expect(first.outputFile).toMatch(/^connection-id<<ghadelimiter_/)
    expect(first.summary).toContain(`<td>${stored!.id}</td>`)
    // One kept-alive connection per service, closed when the step ends.
    expect(emulator.tcpConnections()).toEqual({ ims: 1, hubspot: 1, platform: 1 })
    expect(first.log.match(/^::group::.*$/gm)).toEqual([
      '::group::Adobe IMS access token',
      '::group::HubSpot credentials',
      '::group::Existing connections',
      '::group::Create connection',
      '::group::Verification',
    ])

    emulator.clearRequests()
    const second = await run(emulator, baseInputs(emulator))
    expect(second.exitCode, second.log).toBe(0)
    expect(second.outputs).toMatchObject({ 'connection-id': stored!.id, result: 'reused' })
    expect(writes(emulator)).toEqual([])
  })

  it('fails on bad input before any request, naming each input in one error', async () => {
    const first = INVALID_INPUTS.find((invalid) => invalid.input === 'adobe-org-id')
    const second = INVALID_INPUTS.find((invalid) => invalid.input === 'if-exists')
    const result = await run(emulator, baseInputs(emulator, { ...first!.overrides, ...second!.overrides }))
    expect(result.exitCode).toBe(1)
    const error = result.log.split('\n').find((line) => line.startsWith('::error::'))
    const lines = error!.replace('::error::', '').split('%0A')
    expect(lines[0]).toMatch(/inputs? (is|are) invalid; no request was sent/)
    expect(lines.find((line) => line.startsWith(`- input '${first!.input}':`))).toMatch(first!.rule)
    expect(lines.find((line) => line.startsWith(`- input '${second!.input}':`))).toMatch(second!.rule)
    expect(emulator.requests).toEqual([])
    expect(result.outputs).toEqual({})
  })

  it('adopts a create whose answer was lost instead of sending it again', async () => {
    emulator.injectFault(commitThenReset(create))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(writes(emulator)).toHaveLength(1)
    expect(result.outputs['connection-id']).toBe(emulator.connections()[0]!.id)
    expect(result.log).toMatch(/the answer was lost; adopting/)
  })

  it('ends at its deadline when a server never answers, and exits at once', async () => {
    emulator.injectFault(stall(lookup, { times: 10 }))
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '3' }))
    expect(result.exitCode).toBe(1)
    // The first attempt gets 2 s of the 3; whether a second one starts depends on the jittered
    // backoff: the step then runs out of time while waiting, or says no time was left to retry.
    expect(result.log).toMatch(
      /ran out of time \(timeout-seconds: 3\) while waiting for Flow Service|Flow Service: list connections \(GET \/connections, page 1\) failed: no answer within 2 s; timeout-seconds \(3\) left no time for another attempt/,
    )
    expect(result.durationMs).toBeLessThan(3_000 + 3_000)
    expect(summaryOf(emulator).filter((line) => line.includes(CONNECTIONS_PATH)).length).toBeGreaterThan(0)
  })

  it('prints stack traces only in debug mode, and the failure into the summary', async () => {
    const inputs = baseInputs(emulator, { 'sandbox-name': 'staging' })
    const quiet = await run(emulator, inputs, { env: { RUNNER_DEBUG: '' } })
    expect(quiet.exitCode).toBe(1)
    expect(quiet.log).not.toMatch(/\n\s+at /)
    expect(quiet.summary).toContain('<strong>Failed.</strong>')
    expect(quiet.summary).toContain('&#39;staging&#39;')
    const debug = await run(emulator, inputs)
    expect(debug.log).toMatch(/::debug::ActionError: .*%0A\s+at /)
  })

  it('never lets a server-chosen line become a workflow command, in the log or the outputs', async () => {
    const injected = 'x\n::notice title=pwned::injected\n::add-mask::Created'
    emulator.injectFault(body(create, JSON.stringify({ id: injected, etag: '"1"' })))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log.split('\n').filter((line) => /^::(notice|add-mask::Created)/.test(line))).toEqual([])
    expect(result.outputs['connection-id']).toBe(emulator.connections()[0]!.id)
    expect(writes(emulator)).toHaveLength(1)
  })

  it('works without a step summary file', async () => {
    const result = await run(emulator, baseInputs(emulator), { env: { GITHUB_STEP_SUMMARY: '' } })
    expect(result.exitCode, result.log).toBe(0)
    expect(platformRequests(emulator).length).toBeGreaterThan(0)
  })

  it('masks proxy credentials from the environment and never prints the proxy URL', async () => {
    const proxy = 'http://proxy-user:pr%2Fxy-s3cret@proxy.internal.example:3128'
    const result = await run(emulator, baseInputs(emulator), { env: { HTTPS_PROXY: proxy, HTTP_PROXY: proxy } })
    expect(result.exitCode, result.log).toBe(0)
    expect(visibleLog(result.log)).not.toContain('pr/xy-s3cret')
    expect(visibleLog(result.log)).not.toContain('proxy.internal.example')
    expect(result.log).toContain('::add-mask::pr/xy-s3cret')
  })
})
