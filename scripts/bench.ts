// `npm run bench`: measures what the step costs and checks it against the budgets of issue 5.
// In one run, alternating the commands round by round so that machine noise hits them alike:
// - start-up: dist/index.js failing on an invalid input (no network) against `node -e 0`;
// - the happy path against the local emulator, with minted tokens and verify: connection, and
//   with given tokens and verify: none; and a re-run that reuses the connection;
// - the HTTP requests each path made (read from the emulator), the bundle's size, peak memory.
// Children get a minimal environment, as a runner starts the step (NODE_EXTRA_CA_CERTS, for one,
// adds tens of milliseconds to every Node start). It reports medians; it asserts nothing timed in
// tests, and exits 1 when a budget does not hold.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../test/emulator/server.js'
import { demoInputs } from '../test/support/demo-inputs.js'
import { DIST_ENTRY, inputEnvironment, ROOT } from '../test/support/run-action.js'

const ROUNDS = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 25)
const NODE = process.execPath
const PROBE = join(ROOT, 'scripts', 'bench-rss-probe.mjs')

interface Timed {
  ms: number
  exitCode: number | null
  maxRssKb?: number
}

/** Runs a command with a minimal environment; reports wall time, exit code and peak RSS. */
function time(args: string[], env: Record<string, string>, measureRss: boolean): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(NODE, measureRss ? ['--import', PROBE, ...args] : args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), ...env },
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    })
    let rss = ''
    child.stdio[3]?.on('data', (chunk: Buffer) => (rss += chunk.toString()))
    child.on('error', reject)
    child.on('close', (exitCode) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      resolve({ ms, exitCode, ...(rss ? { maxRssKb: Number(rss) } : {}) })
    })
  })
}

function runnerEnv(inputs: Record<string, string>, workDir: string): Record<string, string> {
  const output = join(workDir, 'output')
  const summary = join(workDir, 'summary')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  return { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...inputEnvironment(inputs) }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

async function main(): Promise<void> {
  const emulator = await startEmulator()
  const workDir = mkdtempSync(join(tmpdir(), 'bench-'))
  const samples = { bare: [] as number[], startup: [] as number[], minted: [] as number[], given: [] as number[] }
  const rss: number[] = []
  const requests = { minted: new Set<number>(), given: new Set<number>(), reuseWrites: new Set<number>() }
  const failures: string[] = []
  const invalid = runnerEnv({ 'adobe-org-id': 'not-an-org' }, workDir)
  try {
    for (let round = 0; round < ROUNDS; round++) {
      samples.bare.push((await time(['-e', '0'], {}, false)).ms)

      const startup = await time([DIST_ENTRY], invalid, false)
      if (startup.exitCode !== 1) failures.push(`start-up run exited ${startup.exitCode}, expected 1`)
      samples.startup.push(startup.ms)

      emulator.reset()
      const minted = await time([DIST_ENTRY], runnerEnv(demoInputs(emulator.urls), workDir), false)
      if (minted.exitCode !== 0) failures.push(`happy path (minted) exited ${minted.exitCode}`)
      samples.minted.push(minted.ms)
      requests.minted.add(emulator.requests.length)

      emulator.clearRequests()
      const reuse = await time([DIST_ENTRY], runnerEnv(demoInputs(emulator.urls), workDir), true)
      if (reuse.exitCode !== 0) failures.push(`re-run exited ${reuse.exitCode}`)
      requests.reuseWrites.add(emulator.requests.filter((r) => r.service === 'platform' && r.method !== 'GET').length)
      if (reuse.maxRssKb) rss.push(reuse.maxRssKb)

      emulator.reset()
      const givenInputs = {
        ...demoInputs(emulator.urls),
        'adobe-client-secret': '',
        'adobe-access-token': emulator.issueAdobeToken(),
        'hubspot-access-token': emulator.issueHubSpotAccessToken(),
        verify: 'none',
      }
      emulator.clearRequests()
      const given = await time([DIST_ENTRY], runnerEnv(givenInputs, workDir), false)
      if (given.exitCode !== 0) failures.push(`happy path (given tokens) exited ${given.exitCode}`)
      samples.given.push(given.ms)
      requests.given.add(emulator.requests.length)
    }
  } finally {
    await emulator.close()
    rmSync(workDir, { recursive: true, force: true })
  }

  const bundleBytes = readdirSync(join(ROOT, 'dist'))
    .filter((file) => file.endsWith('.js'))
    .reduce((sum, file) => sum + statSync(join(ROOT, 'dist', file)).size, 0)
  const bare = median(samples.bare)
  const startup = median(samples.startup)
  const peakMb = Math.max(...rss) / 1024
  const one = (set: Set<number>) => (set.size === 1 ? [...set][0]! : NaN)

  const rows: Array<[string, string, string, boolean | undefined]> = [
    ['node -e 0 (median)', `${bare.toFixed(1)} ms`, '', undefined],
    ['start-up: invalid input, no network (median)', `${startup.toFixed(1)} ms`, '', undefined],
    ['start-up ratio to node -e 0', `${(startup / bare).toFixed(2)}x`, '<= 3.2x', startup / bare <= 3.2],
    [
      'happy path, minted tokens, verify: connection (median)',
      `${median(samples.minted).toFixed(1)} ms`,
      '',
      undefined,
    ],
    ['  requests', `${[...requests.minted].join(', ')}`, '= 5', one(requests.minted) === 5],
    ['happy path, given tokens, verify: none (median)', `${median(samples.given).toFixed(1)} ms`, '', undefined],
    ['  requests', `${[...requests.given].join(', ')}`, '= 3', one(requests.given) === 3],
    [
      're-run that reuses the connection: writes',
      `${[...requests.reuseWrites].join(', ')}`,
      '= 0',
      one(requests.reuseWrites) === 0,
    ],
    ['bundle dist/*.js', `${(bundleBytes / 1000).toFixed(1)} KB`, '<= 600 KB', bundleBytes <= 600_000],
    ['peak resident memory (re-run)', `${peakMb.toFixed(1)} MB`, '<= 80 MB', peakMb <= 80],
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  console.log(`Node ${process.versions.node}, ${ROUNDS} rounds, commands alternated round by round\n`)
  console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(12)}  ${'budget'.padEnd(9)}  status`)
  for (const [name, value, budget, ok] of rows) {
    console.log(
      `${name.padEnd(width)}  ${value.padStart(12)}  ${budget.padEnd(9)}  ${ok === undefined ? '' : ok ? 'ok' : 'OVER'}`,
    )
  }
  for (const failure of new Set(failures)) console.log(`error: ${failure}`)
  if (failures.length > 0 || rows.some(([, , , ok]) => ok === false)) process.exitCode = 1
}

await main()
