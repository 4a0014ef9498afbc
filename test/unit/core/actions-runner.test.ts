import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { actionsRunner } from '../../../src/core/actions-runner.js'

// The adapter against the real @actions/core: inputs from INPUT_<NAME>, outputs and the summary in
// the files the runner names, everything else as workflow commands on stdout.
const dir = mkdtempSync(join(tmpdir(), 'actions-runner-'))
const outputFile = join(dir, 'output')
// @actions/core remembers the summary file it first wrote to: one file for the whole test file.
const summaryFile = join(dir, 'summary')
const VARIABLES = [
  'INPUT_ADOBE-CLIENT-ID',
  'INPUT_CONNECTION_NAME',
  'GITHUB_OUTPUT',
  'GITHUB_STEP_SUMMARY',
  'RUNNER_DEBUG',
]
const savedEnv = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]))
let stdout: string
let savedExitCode: typeof process.exitCode

beforeEach(() => {
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  process.env['GITHUB_OUTPUT'] = outputFile
  process.env['GITHUB_STEP_SUMMARY'] = summaryFile
  stdout = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
  savedExitCode = process.exitCode
})

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = savedExitCode
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('actionsRunner', () => {
  it('reads an input from INPUT_<NAME>, trimmed, and "" when it is not set', () => {
    process.env['INPUT_ADOBE-CLIENT-ID'] = '  client-id \n'
    process.env['INPUT_CONNECTION_NAME'] = 'HubSpot EU'
    expect(actionsRunner.getInput('adobe-client-id')).toBe('client-id')
    expect(actionsRunner.getInput('connection name')).toBe('HubSpot EU')
    delete process.env['INPUT_ADOBE-CLIENT-ID']
    expect(actionsRunner.getInput('adobe-client-id')).toBe('')
  })

  it('writes an output to the GITHUB_OUTPUT file', () => {
    actionsRunner.setOutput('connection-id', 'c-1')
    actionsRunner.setOutput('etag', '"multi\nline"')
    const written = readFileSync(outputFile, 'utf8')
    expect(written).toMatch(/^connection-id<<(ghadelimiter_[\w-]+)\nc-1\n\1\n/)
    expect(written).toMatch(/etag<<(ghadelimiter_[\w-]+)\n"multi\nline"\n\1\n$/)
    expect(stdout).toBe('')
  })

  it('appends HTML to the step summary file', async () => {
    writeFileSync(summaryFile, '<p>an earlier step</p>\n')
    await actionsRunner.appendSummary('<h2>First</h2>')
    await actionsRunner.appendSummary('<p>Second</p>')
    expect(readFileSync(summaryFile, 'utf8')).toBe(`<p>an earlier step</p>\n<h2>First</h2>\n<p>Second</p>\n`)
  })

  it('does nothing with the summary where the runner gives no summary file', async () => {
    delete process.env['GITHUB_STEP_SUMMARY']
    await expect(actionsRunner.appendSummary('<h2>Nowhere</h2>')).resolves.toBeUndefined()
    expect(readFileSync(summaryFile, 'utf8')).toBe('')
    expect(stdout).toBe('')
  })

  it('logs lines, debug lines, warnings and masks as workflow commands', () => {
    actionsRunner.info('plain line')
    actionsRunner.debug('debug line')
    actionsRunner.warning('careful')
    actionsRunner.setSecret('sekret')
    expect(stdout).toBe('plain line\n::debug::debug line\n::warning::careful\n::add-mask::sekret\n')
  })

  it('fails the step: an error command, and exit code 1', () => {
    actionsRunner.setFailed('it broke\nWhat to do: fix it')
    expect(stdout).toBe('::error::it broke%0AWhat to do: fix it\n')
    expect(process.exitCode).toBe(1)
  })

  it('is in debug mode when RUNNER_DEBUG is 1', () => {
    process.env['RUNNER_DEBUG'] = '1'
    expect(actionsRunner.isDebug()).toBe(true)
    process.env['RUNNER_DEBUG'] = '0'
    expect(actionsRunner.isDebug()).toBe(false)
    delete process.env['RUNNER_DEBUG']
    expect(actionsRunner.isDebug()).toBe(false)
  })

  it('runs a function inside a log group and returns its value', async () => {
    const value = await actionsRunner.group('Lookup', async () => {
      actionsRunner.info('inside')
      return 42
    })
    expect(value).toBe(42)
    expect(stdout).toBe('::group::Lookup\ninside\n::endgroup::\n')
  })

  it('ends the group when the function fails', async () => {
    await expect(
      actionsRunner.group('Broken', async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(stdout).toBe('::group::Broken\n::endgroup::\n')
  })
})
