// `npm run bench`: measures what the steps cost and checks it against their budgets (issue 5,
// and the link and start-up budgets that came after it). In one run, alternating the commands
// round by round so that machine noise hits them alike:
// - start-up: each action failing on an invalid input (no network) against `node -e 0`, and
//   against a probe bundle of only the mandated dependencies (scripts/bench-startup.ts);
// - the happy paths against the local emulator: the connection action with minted tokens and
//   verify: connection, with given tokens and verify: none, a re-run that reuses the connection;
//   the data-flow action creating its chain on a base connection;
// - the same happy paths over a link like a runner's (scripts/bench-link.ts): each service over
//   TLS behind its own link that delays every chunk (default 25 ms each way), on some of the
//   rounds, spread across the run; their wall time against the floor their data dependencies
//   force, and the TCP connections each service accepted;
// - the HTTP requests each path made (read from the emulator), the bundles' sizes, peak memory.
// Children get a minimal environment, as a runner starts the step (NODE_EXTRA_CA_CERTS, for one,
// adds tens of milliseconds to every Node start; only the link mode sets it, to trust its
// certificate). It reports medians; it asserts nothing timed in tests. It exits 1 when one of
// issue 5's budgets does not hold; the link and probe budgets are informational unless --strict.
//
//   npm run bench [-- --rounds=25 --link-rounds=9 --delay-ms=25 --strict --dist=<folder of the bundles>]
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { demoDataflowInputs } from '../test/emulator/env-file.js'
import { startEmulator, type Emulator, type ServiceName } from '../test/emulator/server.js'
import { demoInputs } from '../test/support/demo-inputs.js'
import { inputEnvironment, ROOT, type ActionName } from '../test/support/run-action.js'
import { FLOORS, makeCertificate, SERVICE_LABELS, SERVICES, startLinkedEmulator, type Floor } from './bench-link.js'
import { withReadmeBlock, type BenchRow, type BenchRun } from './bench-report.js'
import { buildBenchBundle, PROBE_ENTRY, TOOLKIT_CLIENT_ENTRY, type BenchBundle } from './bench-startup.js'

function numberArg(name: string, fallback: number, min: number, max: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length)
  const value = raw === undefined ? fallback : Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`)
    process.exit(2)
  }
  return value
}

const ROUNDS = numberArg('rounds', 25, 1, 1000)
const LINK_ROUNDS = Math.min(ROUNDS, numberArg('link-rounds', 9, 1, 1000))
const DELAY_MS = numberArg('delay-ms', 25, 0, 1000)
const RTT_MS = 2 * DELAY_MS
const STRICT = process.argv.includes('--strict')
/** The bundles to measure: dist/ (default), or another build's folder, e.g. an earlier commit's dist/. */
const DIST_DIR = resolve(
  process.argv.find((arg) => arg.startsWith('--dist='))?.slice('--dist='.length) ?? join(ROOT, 'dist'),
)
const DIST_ENTRY = join(DIST_DIR, 'index.js')
const DATAFLOW_DIST_ENTRY = join(DIST_DIR, 'dataflow', 'index.js')
const NODE = process.execPath
const RSS_PROBE = join(ROOT, 'scripts', 'bench-rss-probe.mjs')
const IDEAL_CLIENT = join(ROOT, 'scripts', 'bench-ideal-client.mjs')

interface Timed {
  ms: number
  exitCode: number | null
  maxRssKb?: number
}

/** Runs a command with a minimal environment; reports wall time, exit code and peak RSS. */
function time(args: string[], env: Record<string, string>, measureRss = false): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(NODE, measureRss ? ['--import', RSS_PROBE, ...args] : args, {
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

function runnerEnv(
  inputs: Record<string, string>,
  workDir: string,
  action: ActionName = 'connection',
): Record<string, string> {
  const output = join(workDir, 'output')
  const summary = join(workDir, 'summary')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...inputEnvironment(inputs, action),
  }
}

/** The data-flow step's inputs: minted token, the demo dataset, a mapping, on `connectionId`. */
function dataflowInputs(urls: Emulator['urls'], connectionId: string): Record<string, string> {
  return demoDataflowInputs(urls, connectionId, { 'flow-name': 'HubSpot contacts (bench)' })
}

/** A fresh emulator state with a HubSpot base connection; returns its id. */
function freshBaseConnection(emulator: Emulator): string {
  emulator.reset()
  return emulator.seedConnection({ name: 'HubSpot (bench)' }).id
}

const median = (values: number[]) => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const ms = (value: number) => `${value.toFixed(1)} ms`
const ratio = (value: number) => `${value.toFixed(2)}x`
const one = (set: Set<number>) => (set.size === 1 ? [...set][0]! : NaN)
const listed = (set: Set<number>) => [...set].sort((a, b) => a - b).join(', ')

/** The link rounds, spread evenly across the run: round r is one when it crosses a multiple. */
const isLinkRound = (round: number) =>
  Math.floor(((round + 1) * LINK_ROUNDS) / ROUNDS) > Math.floor((round * LINK_ROUNDS) / ROUNDS)

type Counts = Record<ServiceName, number[]>
const noCounts = (): Counts => ({ ims: [], hubspot: [], platform: [] })

/** A path over the link: its times, TCP connections per service and requests. */
interface LinkPath {
  ms: number[]
  tcp: Counts
  requests: Set<number>
}
const linkPath = (): LinkPath => ({ ms: [], tcp: noCounts(), requests: new Set() })

/** TCP connections per service as IMS/HubSpot/Platform, each as its range over the rounds. */
function tcpValue(tcp: Counts): string {
  return SERVICES.map((service) => {
    const values = tcp[service]
    const [low, high] = [Math.min(...values), Math.max(...values)]
    return low === high ? `${low}` : `${low}-${high}`
  }).join('/')
}
const tcpMax = (tcp: Counts) => Math.max(...SERVICES.flatMap((service) => tcp[service]))

function bundleBytes(dir: string): number {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .reduce((sum, file) => sum + statSync(join(dir, file)).size, 0)
}

/** A row: measure, value, budget, whether it holds, and whether the budget is issue 5's or a new one. */
type Row = BenchRow

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-'))
  const failures: string[] = [] // wrong exit codes of issue 5's commands: the run counts for nothing
  const newErrors: string[] = [] // errors of the new measures: informational unless --strict
  let probe: BenchBundle | undefined
  let toolkitClient: BenchBundle | undefined
  const buildStarted = process.hrtime.bigint()
  try {
    probe = buildBenchBundle(PROBE_ENTRY)
    toolkitClient = buildBenchBundle(TOOLKIT_CLIENT_ENTRY)
  } catch (error) {
    newErrors.push(`probe bundle: ${(error as Error).message}`)
  }
  const buildMs = Number(process.hrtime.bigint() - buildStarted) / 1e6
  const certificate = makeCertificate(workDir)
  const emulator = await startEmulator()
  const linked = await startLinkedEmulator(certificate, DELAY_MS)
  const caEnv = { NODE_EXTRA_CA_CERTS: certificate.certPath }

  const samples = {
    bare: [] as number[],
    startup: [] as number[],
    probe: [] as number[],
    dataflowStartup: [] as number[],
    minted: [] as number[],
    given: [] as number[],
    dataflow: [] as number[],
    bareCa: [] as number[],
  }
  const rss: number[] = []
  const requests = {
    minted: new Set<number>(),
    given: new Set<number>(),
    reuseWrites: new Set<number>(),
    dataflow: new Set<number>(),
  }
  const link = { minted: linkPath(), given: linkPath(), dataflow: linkPath() }
  type Plan = 'minted' | 'given' | 'dataflow'
  /** A bare Node client making only the floor's calls over the link (scripts/bench-ideal-client.mjs). */
  const ideal = { minted: [] as number[], given: [] as number[], dataflow: [] as number[] }
  /** The same calls after the probe's start-up (scripts/bench-toolkit-client-entry.ts): the mandated floor. */
  const toolkit = { minted: [] as number[], given: [] as number[], dataflow: [] as number[] }
  /** One run of a floor client: `entry` with the plan and the linked URLs; its time goes into `into`. */
  async function floorClient(
    label: string,
    entry: string,
    plan: Plan,
    env: Record<string, string>,
    into: typeof ideal,
  ) {
    linked.emulator.reset()
    const { ims, hubspot, platform } = linked.urls
    const run = await time([entry, plan, ims, hubspot, platform], { ...env, ...caEnv })
    if (run.exitCode !== 0) newErrors.push(`the ${label} (${plan}) over the link exited ${run.exitCode}`)
    into[plan].push(run.ms)
  }
  const idealClient = (plan: Plan) => floorClient('bare client', IDEAL_CLIENT, plan, {}, ideal)
  const toolkitClientRun = async (plan: Plan) => {
    // The toolkit client reads its input as an action does: the runner's environment, valid inputs.
    if (toolkitClient)
      await floorClient(
        'toolkit client',
        toolkitClient.entry,
        plan,
        runnerEnv(demoInputs(linked.urls), workDir),
        toolkit,
      )
  }

  const invalid = runnerEnv({ 'adobe-org-id': 'not-an-org' }, workDir)
  const invalidDataflow = runnerEnv(
    { ...dataflowInputs(emulator.urls, '00000000-0000-4000-8000-000000000000'), 'adobe-org-id': 'not-an-org' },
    workDir,
    'dataflow',
  )

  /** One happy path over the link: fresh state, counters reset, the run, what it cost. */
  async function overTheLink(path: LinkPath, label: string, prepare: () => Record<string, string>, action: ActionName) {
    const env = runnerEnv(prepare(), workDir, action)
    linked.emulator.clearRequests()
    linked.resetCounts()
    const run = await time([action === 'connection' ? DIST_ENTRY : DATAFLOW_DIST_ENTRY], { ...env, ...caEnv })
    if (run.exitCode !== 0) newErrors.push(`${label} over the link exited ${run.exitCode}`)
    if (linked.bypassed() > 0) newErrors.push(`${label}: a request reached the emulator without its link`)
    path.ms.push(run.ms)
    path.requests.add(linked.emulator.requests.length)
    const connections = linked.connections()
    for (const service of SERVICES) path.tcp[service].push(connections[service])
  }

  try {
    for (let round = 0; round < ROUNDS; round++) {
      samples.bare.push((await time(['-e', '0'], {})).ms)

      const startup = await time([DIST_ENTRY], invalid)
      if (startup.exitCode !== 1) failures.push(`start-up run exited ${startup.exitCode}, expected 1`)
      samples.startup.push(startup.ms)

      if (probe) {
        const probed = await time([probe.entry], invalid)
        if (probed.exitCode !== 1) newErrors.push(`probe bundle run exited ${probed.exitCode}, expected 1`)
        samples.probe.push(probed.ms)
      }

      const dataflowStartup = await time([DATAFLOW_DIST_ENTRY], invalidDataflow)
      if (dataflowStartup.exitCode !== 1)
        newErrors.push(`data-flow start-up run exited ${dataflowStartup.exitCode}, expected 1`)
      samples.dataflowStartup.push(dataflowStartup.ms)

      emulator.reset()
      const minted = await time([DIST_ENTRY], runnerEnv(demoInputs(emulator.urls), workDir))
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
      const given = await time([DIST_ENTRY], runnerEnv(givenInputs, workDir))
      if (given.exitCode !== 0) failures.push(`happy path (given tokens) exited ${given.exitCode}`)
      samples.given.push(given.ms)
      requests.given.add(emulator.requests.length)

      const connectionId = freshBaseConnection(emulator)
      emulator.clearRequests()
      const dataflow = await time(
        [DATAFLOW_DIST_ENTRY],
        runnerEnv(dataflowInputs(emulator.urls, connectionId), workDir, 'dataflow'),
      )
      if (dataflow.exitCode !== 0) newErrors.push(`data-flow happy path exited ${dataflow.exitCode}`)
      samples.dataflow.push(dataflow.ms)
      requests.dataflow.add(emulator.requests.length)

      if (!isLinkRound(round)) continue
      samples.bareCa.push((await time(['-e', '0'], caEnv)).ms)
      await idealClient('minted')
      await idealClient('given')
      await idealClient('dataflow')
      await toolkitClientRun('minted')
      await toolkitClientRun('given')
      await toolkitClientRun('dataflow')
      await overTheLink(
        link.minted,
        'connection action (minted)',
        () => {
          linked.emulator.reset()
          return demoInputs(linked.urls)
        },
        'connection',
      )
      await overTheLink(
        link.given,
        'connection action (given tokens)',
        () => {
          linked.emulator.reset()
          return {
            ...demoInputs(linked.urls),
            'adobe-client-secret': '',
            'adobe-access-token': linked.emulator.issueAdobeToken(),
            'hubspot-access-token': linked.emulator.issueHubSpotAccessToken(),
            verify: 'none',
          }
        },
        'connection',
      )
      await overTheLink(
        link.dataflow,
        'data-flow action',
        () => dataflowInputs(linked.urls, freshBaseConnection(linked.emulator)),
        'dataflow',
      )
    }
  } finally {
    await linked.close()
    await emulator.close()
    rmSync(workDir, { recursive: true, force: true })
    for (const bundle of [probe, toolkitClient]) if (bundle) rmSync(bundle.dir, { recursive: true, force: true })
  }

  const connectionBytes = bundleBytes(DIST_DIR)
  const dataflowBytes = bundleBytes(join(DIST_DIR, 'dataflow'))
  const bare = median(samples.bare)
  const startup = median(samples.startup)
  const probeStartup = median(samples.probe)
  const dataflowStartup = median(samples.dataflowStartup)
  const bareCa = median(samples.bareCa)
  const peakMb = Math.max(...rss) / 1024
  const floorOf = (floor: Floor) => bareCa + floor.rtt * RTT_MS

  const rows: Row[] = [
    { name: 'node -e 0 (median)', value: ms(bare) },
    { name: 'start-up: invalid input, no network (median)', value: ms(startup) },
    {
      name: 'start-up ratio to node -e 0',
      value: ratio(startup / bare),
      budget: '<= 3.2x',
      ok: startup / bare <= 3.2,
      kind: 'issue5',
    },
    { name: 'happy path, minted tokens, verify: connection (median)', value: ms(median(samples.minted)) },
    {
      name: '  requests',
      value: listed(requests.minted),
      budget: '= 5',
      ok: one(requests.minted) === 5,
      kind: 'issue5',
    },
    { name: 'happy path, given tokens, verify: none (median)', value: ms(median(samples.given)) },
    { name: '  requests', value: listed(requests.given), budget: '= 3', ok: one(requests.given) === 3, kind: 'issue5' },
    {
      name: 're-run that reuses the connection: writes',
      value: listed(requests.reuseWrites),
      budget: '= 0',
      ok: one(requests.reuseWrites) === 0,
      kind: 'issue5',
    },
    {
      name: 'bundle dist/*.js',
      value: `${(connectionBytes / 1000).toFixed(1)} KB`,
      budget: '<= 600 KB',
      ok: connectionBytes <= 600_000,
      kind: 'issue5',
    },
    {
      name: 'bundle dist/dataflow/*.js',
      value: `${(dataflowBytes / 1000).toFixed(1)} KB`,
      budget: '<= 600 KB',
      ok: dataflowBytes <= 600_000,
      kind: 'issue5',
    },
    {
      name: 'peak resident memory (re-run)',
      value: `${peakMb.toFixed(1)} MB`,
      budget: '<= 80 MB',
      ok: peakMb <= 80,
      kind: 'issue5',
    },
    { name: 'data-flow happy path, minted token, creates the chain (median)', value: ms(median(samples.dataflow)) },
    { name: '  requests', value: listed(requests.dataflow) },

    { name: 'start-up against the probe bundle (invalid input, no network)', value: '' },
    {
      name: '  probe | connection | data-flow (medians, ms)',
      value: [probeStartup, startup, dataflowStartup].map((v) => v.toFixed(1)).join(' | '),
    },
    {
      name: '  connection action ratio to the probe',
      value: ratio(startup / probeStartup),
      budget: '<= 1.15x',
      ok: startup / probeStartup <= 1.15,
      kind: 'new',
    },
    {
      name: '  data-flow action ratio to the probe',
      value: ratio(dataflowStartup / probeStartup),
      budget: '<= 1.15x',
      ok: dataflowStartup / probeStartup <= 1.15,
      kind: 'new',
    },
    { name: '  probe bundle size', value: probe ? `${(probe.bytes / 1000).toFixed(1)} KB` : 'n/a' },

    {
      name: `over the link: TLS 1.3 per service, ${DELAY_MS} ms each way (RTT ${RTT_MS} ms)`,
      value: '',
    },
    { name: '  node -e 0 with NODE_EXTRA_CA_CERTS (median)', value: ms(bareCa) },
  ]
  const linkBudgets: Array<{
    title: string
    path: LinkPath
    floor: Floor
    budget: number
    tcpBudget: boolean
    ideal?: number[]
    toolkit?: number[]
  }> = [
    {
      title: 'connection, minted tokens, verify: connection',
      path: link.minted,
      floor: FLOORS.minted,
      budget: 1.4,
      tcpBudget: true,
      ideal: ideal.minted,
      toolkit: toolkit.minted,
    },
    {
      title: 'connection, given tokens, verify: none',
      path: link.given,
      floor: FLOORS.given,
      budget: 1.2,
      tcpBudget: true,
      ideal: ideal.given,
      toolkit: toolkit.given,
    },
    {
      title: 'data-flow, minted token, creates the chain',
      path: link.dataflow,
      floor: FLOORS.dataflow,
      budget: 1.4,
      tcpBudget: false,
      ideal: ideal.dataflow,
      toolkit: toolkit.dataflow,
    },
  ]
  for (const { title, path, floor, budget, tcpBudget, ideal: idealMs, toolkit: toolkitMs } of linkBudgets) {
    const wall = median(path.ms)
    const floorMs = floorOf(floor)
    rows.push(
      { name: `  ${title} (median)`, value: ms(wall) },
      { name: `    floor: node -e 0 + ${floor.rtt} RTT`, value: ms(floorMs) },
      {
        name: '    ratio to the floor',
        value: ratio(wall / floorMs),
        budget: `<= ${budget}x`,
        ok: wall / floorMs <= budget,
        kind: 'new',
      },
      {
        name: `    TCP connections ${SERVICES.map((service) => SERVICE_LABELS[service]).join('/')}`,
        value: tcpValue(path.tcp),
        ...(tcpBudget ? { budget: '<= 1 each', ok: tcpMax(path.tcp) <= 1, kind: 'new' as const } : {}),
      },
      { name: '    requests', value: listed(path.requests) },
    )
    if (idealMs) {
      const client = median(idealMs)
      rows.push(
        { name: "    a bare Node client making only the floor's calls (median)", value: ms(client) },
        { name: '      its ratio to the floor', value: ratio(client / floorMs) },
        { name: "      the action's ratio to it", value: ratio(wall / client) },
      )
    }
    if (toolkitMs && toolkitMs.length > 0) {
      const client = median(toolkitMs)
      rows.push(
        { name: '    the toolkit client: the probe, then the same calls (median)', value: ms(client) },
        { name: '      its ratio to the floor', value: ratio(client / floorMs) },
        { name: "      the action's ratio to it", value: ratio(wall / client) },
      )
    }
  }

  const status = (row: Row) =>
    row.ok === undefined ? '' : `${row.ok ? 'ok' : 'OVER'}${row.kind === 'new' && !STRICT ? ' (info)' : ''}`
  const width = Math.max(...rows.map(({ name }) => name.length))
  const valueWidth = Math.max(12, ...rows.map(({ value }) => value.length))
  console.log(
    `Node ${process.versions.node}, ${ROUNDS} rounds (the link mode on ${LINK_ROUNDS} of them, spread across the run), ` +
      `commands alternated round by round; probe bundle built in ${(buildMs / 1000).toFixed(1)} s` +
      `${DIST_DIR === join(ROOT, 'dist') ? '' : `; bundles from ${DIST_DIR}`}\n`,
  )
  console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(valueWidth)}  ${'budget'.padEnd(9)}  status`)
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${row.value.padStart(valueWidth)}  ${(row.budget ?? '').padEnd(9)}  ${status(row)}`.trimEnd(),
    )
  }

  console.log(
    `\nFloors over the link: node -e 0 with NODE_EXTRA_CA_CERTS (${ms(bareCa)}) plus the round trips (RTT ${RTT_MS} ms) ` +
      'that the data dependencies force, every connection opened as early as it can be and every call made as soon as ' +
      'what it needs is known. A new connection costs TCP 1 + TLS 1.3 1 round trip, a request 1.',
  )
  for (const { title, floor } of linkBudgets) {
    console.log(`  ${title}: ${ms(floorOf(floor))}`)
    for (const line of floor.reasoning) console.log(`    ${line}`)
  }
  console.log(
    "\nThe bare client (scripts/bench-ideal-client.mjs) is a script with no module but Node's own that makes only " +
      "the floor's calls, each as early as its data allows, on kept-alive connections (one per service, four to " +
      "Platform for the data flow's reads): what the link, the emulator behind it and Node's HTTPS cost. An " +
      "action's ratio to the floor cannot go below the client's. The toolkit client " +
      "(scripts/bench-toolkit-client-entry.ts, bundled like the probe) does the probe's start-up (the mandated " +
      'dependencies loaded, one input checked), then the same calls: an action must load them and check its inputs ' +
      'before its first request, so its ratio cannot go below this one either.',
  )
  console.log(
    '\nTCP connections are those each service\'s link accepted during the run. Budgets marked "(info)" are the new ' +
      'ones (over the link, start-up against the probe): informational, they do not change the exit code; ' +
      `\`npm run bench -- --strict\` makes them count.${STRICT ? ' (--strict is on: they count.)' : ''}`,
  )

  for (const failure of new Set(failures)) console.log(`error: ${failure}`)
  for (const error of new Set(newErrors)) console.log(`error${STRICT ? '' : ' (info)'}: ${error}`)
  if (process.argv.includes('--write-readme')) {
    const run: BenchRun = {
      node: process.versions.node,
      rounds: ROUNDS,
      date: new Date().toISOString().slice(0, 10),
      rows,
    }
    writeFileSync(join(ROOT, 'docs', 'bench-latest.json'), `${JSON.stringify(run, null, 2)}\n`)
    const readmePath = join(ROOT, 'README.md')
    writeFileSync(readmePath, withReadmeBlock(readFileSync(readmePath, 'utf8'), run))
    console.log('\nWrote docs/bench-latest.json and the Performance table of README.md.')
  }
  const issue5Over = rows.some((row) => row.kind === 'issue5' && row.ok === false)
  const newOver = rows.some((row) => row.kind === 'new' && row.ok === false) || newErrors.length > 0
  if (failures.length > 0 || issue5Over || (STRICT && newOver)) process.exitCode = 1
}

await main()
