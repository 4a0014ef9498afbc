/**
 * `cli.ts --github-env`: the emulator hands its URLs and the demo credentials to later steps of a
 * GitHub Actions job through the GITHUB_ENV file, masking the secrets first. The CLI runs as a
 * child process, exactly as the `action` job of .github/workflows/ci.yml starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO } from './demo.js'
import { formPost, http, IMS_FIELDS } from './helpers.js'

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url))
const DATAFLOW_BUNDLE = fileURLToPath(new URL('../../dist/dataflow/index.js', import.meta.url))
const SECRETS = [DEMO.adobe.clientSecret, DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken]
const NAMES = [
  'EMULATOR_IMS_URL',
  'EMULATOR_HUBSPOT_URL',
  'EMULATOR_PLATFORM_URL',
  'DEMO_ADOBE_CLIENT_ID',
  'DEMO_ADOBE_CLIENT_SECRET',
  'DEMO_ADOBE_ORG_ID',
  'DEMO_HUBSPOT_CLIENT_ID',
  'DEMO_HUBSPOT_CLIENT_SECRET',
  'DEMO_HUBSPOT_REFRESH_TOKEN',
  'DEMO_DATASET_ID',
]

/**
 * Reads a GITHUB_ENV file the way the Linux runner does (FileCommandManager): `NAME=VALUE` lines
 * and `NAME<<DELIMITER` blocks whose value is everything up to the line equal to the delimiter;
 * empty lines are skipped. Throws where the runner would fail the step.
 */
function parseGithubEnv(text: string): { vars: Map<string, string>; delimiters: string[] } {
  const vars = new Map<string, string>()
  const delimiters: string[] = []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals)
      if (name === '') throw new Error(`Invalid format '${line}'`)
      vars.set(name, line.slice(equals + 1))
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      if (name === '' || delimiter === '') throw new Error(`Invalid format '${line}'`)
      const value: string[] = []
      for (i++; lines[i] !== delimiter; i++) {
        if (i >= lines.length) throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`)
        value.push(lines[i]!)
      }
      vars.set(name, value.join('\n'))
      delimiters.push(delimiter)
    } else {
      throw new Error(`Invalid format '${line}'`)
    }
  }
  return { vars, delimiters }
}

/** The runner's unescaping of workflow command data. */
function unescapeCommandData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

interface Cli {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Sends SIGTERM (if still running) and resolves with the exit code. */
  stop: () => Promise<number | null>
}

function startCli(args: string[], env: NodeJS.ProcessEnv): Cli {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
  // Free ports, whatever the outer environment says; and never the outer job's GITHUB_ENV.
  delete childEnv.EMULATOR_PORT
  if (!('GITHUB_ENV' in env)) delete childEnv.GITHUB_ENV
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name]
  // stdout goes to a file, as in the workflow step (`> emulator.log`): the child's writes land in
  // it synchronously and in order, so what the file holds is what the child has printed so far.
  const stdoutFile = join(dir, `stdout-${Math.random().toString(36).slice(2)}.log`)
  const fd = openSync(stdoutFile, 'w')
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: childEnv,
    stdio: ['ignore', fd, 'pipe'],
  })
  closeSync(fd)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return {
    child,
    stdout: () => readFileSync(stdoutFile, 'utf8'),
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const [code] = await exited
      return code
    },
  }
}

let dir: string
let envFile: string
let running: Cli | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'))
  envFile = join(dir, 'github_env')
  writeFileSync(envFile, '')
})
afterEach(async () => {
  await running?.stop()
  running = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe('cli.ts --github-env', () => {
  it('masks the three secrets, then appends the URLs and demo credentials to GITHUB_ENV, and exits 0 on SIGTERM', async () => {
    writeFileSync(envFile, 'EARLIER_STEP=kept\n')
    const cli = (running = startCli(['--github-env'], { GITHUB_ENV: envFile }))

    // Wait, as the workflow step does, until the variables are in the file.
    const vars = await vi.waitFor(
      () => {
        const parsed = parseGithubEnv(readFileSync(envFile, 'utf8')).vars
        expect(parsed.has('EMULATOR_PLATFORM_URL')).toBe(true)
        return parsed
      },
      { timeout: 20_000, interval: 50 },
    )
    await vi.waitFor(() => expect(cli.stdout()).toContain('Press Ctrl+C to stop.'), { timeout: 10_000, interval: 50 })
    const stdout = cli.stdout()

    // The file: what was there is kept, and exactly the nine variables were added, in one block.
    const text = readFileSync(envFile, 'utf8')
    expect(text.startsWith('EARLIER_STEP=kept\n')).toBe(true)
    const { delimiters } = parseGithubEnv(text)
    expect([...vars.keys()]).toEqual(['EARLIER_STEP', ...NAMES])
    expect(vars.get('EARLIER_STEP')).toBe('kept')
    expect(delimiters).toHaveLength(NAMES.length)
    expect(new Set(delimiters).size).toBe(1)
    expect(delimiters[0]).toMatch(/^ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    for (const value of vars.values()) expect(value).not.toContain(delimiters[0])

    // The values: the DEMO credentials and the URLs the CLI printed.
    const printed = (label: string) => stdout.match(new RegExp(`^${label} +(http://\\S+)$`, 'm'))?.[1]
    expect(vars.get('EMULATOR_IMS_URL')).toBe(printed('IMS'))
    expect(vars.get('EMULATOR_HUBSPOT_URL')).toBe(printed('HubSpot'))
    expect(vars.get('EMULATOR_PLATFORM_URL')).toBe(printed('Platform'))
    for (const name of NAMES.slice(0, 3)) expect(vars.get(name)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(vars.get('DEMO_ADOBE_CLIENT_ID')).toBe(DEMO.adobe.clientId)
    expect(vars.get('DEMO_ADOBE_CLIENT_SECRET')).toBe(DEMO.adobe.clientSecret)
    expect(vars.get('DEMO_ADOBE_ORG_ID')).toBe(DEMO.adobe.orgId)
    expect(vars.get('DEMO_HUBSPOT_CLIENT_ID')).toBe(DEMO.hubspot.clientId)
    expect(vars.get('DEMO_HUBSPOT_CLIENT_SECRET')).toBe(DEMO.hubspot.clientSecret)
    expect(vars.get('DEMO_HUBSPOT_REFRESH_TOKEN')).toBe(DEMO.hubspot.refreshToken)
    expect(vars.get('DEMO_DATASET_ID')).toBe(DEMO.dataset.id)

    // The masks: the very first output, before the file was written (announced after the write),
    // command-escaped so that the runner unescapes each to the exact secret.
    const lines = stdout.split('\n')
    const maskLines = lines.slice(0, 3)
    for (const line of maskLines) expect(line.startsWith('::add-mask::')).toBe(true)
    expect(maskLines.map((line) => unescapeCommandData(line.slice('::add-mask::'.length)))).toEqual(SECRETS)
    expect(lines.filter((line) => line.startsWith('::add-mask::'))).toHaveLength(3)
    const announced = lines.findIndex((line) => line.startsWith('GITHUB_ENV: wrote'))
    expect(announced).toBeGreaterThan(2)
    expect(lines.findIndex((line) => line.startsWith('IMS '))).toBeGreaterThan(2)
    for (const secret of SECRETS) {
      expect(maskLines.join('\n')).toContain(secret.replace(/%/g, '%25'))
      expect(stdout).not.toContain(secret) // '%' is always escaped, so the raw form never appears
    }

    // The URLs work.
    const res = await http(`${vars.get('EMULATOR_IMS_URL')}/ims/token/v3`, formPost(IMS_FIELDS))
    expect(res.status).toBe(200)

    // Still running until told to stop; then a clean exit.
    expect(cli.child.exitCode).toBeNull()
    expect(await cli.stop()).toBe(0)
    expect(cli.stderr()).toBe('')
  })

  it('without the flag, leaves GITHUB_ENV alone and prints no mask commands', async () => {
    const cli = (running = startCli([], { GITHUB_ENV: envFile }))
    await vi.waitFor(() => expect(cli.stdout()).toContain('Press Ctrl+C to stop.'), { timeout: 20_000, interval: 50 })
    expect(readFileSync(envFile, 'utf8')).toBe('')
    expect(cli.stdout()).not.toContain('::add-mask::')
    expect(cli.stdout()).not.toContain('GITHUB_ENV')
    expect(await cli.stop()).toBe(0)
  })

  it('with the flag but no GITHUB_ENV, says so on stderr and keeps running', async () => {
    const cli = (running = startCli(['--github-env'], { GITHUB_ENV: undefined }))
    await vi.waitFor(() => expect(cli.stdout()).toContain('Press Ctrl+C to stop.'), { timeout: 20_000, interval: 50 })
    expect(cli.stderr()).toContain('GITHUB_ENV is not set')
    expect(cli.stdout()).not.toContain('::add-mask::')
    expect(await cli.stop()).toBe(0)
  })

  it('rejects an unknown argument and exits 1', async () => {
    const cli = (running = startCli(['--github-envv'], { GITHUB_ENV: envFile }))
    const [code] = (await once(cli.child, 'exit')) as [number | null]
    expect(code).toBe(1)
    expect(cli.stderr()).toContain("unknown argument '--github-envv'")
    expect(readFileSync(envFile, 'utf8')).toBe('')
  })
})

describe('cli.ts --write-dataflow-env', () => {
  it("writes the data-flow action's inputs on a base connection it starts with, and the built action runs on them", async () => {
    const file = join(dir, '.env.dataflow')
    const cli = (running = startCli(['--write-dataflow-env', file], {}))
    await vi.waitFor(() => expect(cli.stdout()).toContain('Press Ctrl+C to stop.'), { timeout: 20_000, interval: 50 })
    const connectionId = /INPUT_CONNECTION-ID='([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1]
    expect(cli.stdout()).toContain(`on the base connection ${connectionId} ("HubSpot (emulator)", sandbox prod)`)

    const action = spawn(process.execPath, [`--env-file=${file}`, DATAFLOW_BUNDLE], {
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    action.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const [code] = (await once(action, 'exit')) as [number | null]
    expect(code, stdout).toBe(0)
    expect(stdout).toMatch(/::set-output name=result::created/)
    expect(stdout).not.toContain(DEMO.adobe.clientSecret)
    expect(await cli.stop()).toBe(0)
  })
})
