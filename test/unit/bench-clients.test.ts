import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeCertificate, startLinkedEmulator, type LinkedEmulator } from '../../scripts/bench-link.js'
import { buildBenchBundle, TOOLKIT_CLIENT_ENTRY, type BenchBundle } from '../../scripts/bench-startup.js'
import { demoInputs } from '../support/demo-inputs.js'
import { inputEnvironment, ROOT } from '../support/run-action.js'

// The benchmark's yardsticks over the link (scripts/bench.ts): the bare client and the toolkit
// client must make exactly the calls of each path's floor, on the connections the floor counts,
// or the ratios the benchmark prints against them mean nothing. Nothing here is timed.

const BARE_CLIENT = join(ROOT, 'scripts', 'bench-ideal-client.mjs')
const FLOW_SERVICE = '/data/foundation/flowservice'
const MAPPING_SETS = '/data/foundation/conversion/mappingSets'

/** Each plan's requests (service, method, path), in any order, and the TCP connections per service. */
const PLANS = {
  given: {
    requests: [
      `hubspot POST /oauth/2026-03/token/introspect`,
      `platform GET ${FLOW_SERVICE}/connections`,
      `platform POST ${FLOW_SERVICE}/connections`,
    ],
    connections: { ims: 0, hubspot: 1, platform: 1 },
  },
  minted: {
    requests: [
      `hubspot POST /oauth/2026-03/token`,
      `ims POST /ims/token/v3`,
      `platform GET ${FLOW_SERVICE}/connections`,
      `platform GET ${FLOW_SERVICE}/connections/x`,
      `platform POST ${FLOW_SERVICE}/connections`,
    ],
    connections: { ims: 1, hubspot: 1, platform: 1 },
  },
  dataflow: {
    requests: [
      `ims POST /ims/token/v3`,
      `platform GET /data/foundation/catalog/dataSets/x`,
      `platform GET ${FLOW_SERVICE}/connections/x`,
      `platform GET ${FLOW_SERVICE}/connections/x/explore`,
      `platform GET ${FLOW_SERVICE}/flows`,
      `platform POST ${FLOW_SERVICE}/flows`,
      `platform POST ${FLOW_SERVICE}/sourceConnections`,
      `platform POST ${FLOW_SERVICE}/targetConnections`,
      `platform POST ${MAPPING_SETS}`,
      `platform POST ${MAPPING_SETS}/validate`,
    ],
    connections: { ims: 1, hubspot: 0, platform: 4 },
  },
} as const
type Plan = keyof typeof PLANS

let dir: string
let certPath: string
let linked: LinkedEmulator
let toolkitClient: BenchBundle

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bench-clients-'))
  const certificate = makeCertificate(dir)
  certPath = certificate.certPath
  linked = await startLinkedEmulator(certificate, 0)
  toolkitClient = buildBenchBundle(TOOLKIT_CLIENT_ENTRY)
}, 120_000)

afterAll(async () => {
  await linked?.close()
  if (toolkitClient) rmSync(toolkitClient.dir, { recursive: true, force: true })
  if (dir) rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  linked.emulator.reset()
  linked.resetCounts()
})

interface NodeRun {
  exitCode: number
  stdout: string
  stderr: string
}

function runNode(args: string[], env: Record<string, string> = {}): Promise<NodeRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      args,
      { env: { PATH: process.env['PATH'] ?? '', NODE_EXTRA_CA_CERTS: certPath, ...env } },
      (_error, stdout, stderr) => resolve({ exitCode: child.exitCode ?? -1, stdout, stderr }),
    )
  })
}

function planArgs(plan: Plan): string[] {
  const { ims, hubspot, platform } = linked.urls
  return [plan, ims, hubspot, platform]
}

async function expectFloorCalls(plan: Plan, run: NodeRun) {
  expect(run.exitCode, run.stderr).toBe(0)
  await linked.emulator.quiet()
  const made = linked.emulator.requests.map((request) => `${request.service} ${request.method} ${request.path}`)
  expect(made.sort()).toEqual([...PLANS[plan].requests].sort())
  expect(linked.connections()).toEqual(PLANS[plan].connections)
  expect(linked.bypassed()).toBe(0)
}

describe('the bare client', () => {
  for (const plan of Object.keys(PLANS) as Plan[]) {
    it(`makes the ${plan} floor's calls, on one connection per service (four to Platform for the data flow)`, async () => {
      await expectFloorCalls(plan, await runNode([BARE_CLIENT, ...planArgs(plan)]))
    })
  }

  it('refuses an unknown plan, calling nothing', async () => {
    const run = await runNode([BARE_CLIENT, 'fastest', ...planArgs('given').slice(1)])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/usage: bench-ideal-client\.mjs given\|minted\|dataflow/)
    expect(linked.emulator.requests).toEqual([])
  })
})

describe('the toolkit client', () => {
  const runnerEnv = (inputs: Record<string, string>) => ({
    GITHUB_ACTIONS: 'true',
    ...inputEnvironment(inputs),
  })

  for (const plan of Object.keys(PLANS) as Plan[]) {
    it(`checks its input, then makes the ${plan} floor's calls as the bare client does`, async () => {
      const run = await runNode([toolkitClient.entry, ...planArgs(plan)], runnerEnv(demoInputs(linked.urls)))
      await expectFloorCalls(plan, run)
    })
  }

  it('fails on an invalid adobe-org-id as the probe does, before any call', async () => {
    const run = await runNode(
      [toolkitClient.entry, ...planArgs('given')],
      runnerEnv({ ...demoInputs(linked.urls), 'adobe-org-id': 'not-an-org' }),
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/^::error::Input adobe-org-id must be <24 hex>@AdobeOrg\.$/m)
    await linked.emulator.quiet()
    expect(linked.emulator.requests).toEqual([])
    expect(linked.connections()).toEqual({ ims: 0, hubspot: 0, platform: 0 })
  })
})
