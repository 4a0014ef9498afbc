import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { run as runDataflowAction } from '../../src/actions/dataflow/main.js'
import { DEMO } from '../emulator/demo.js'
import { demoDataflowInputs } from '../emulator/env-file.js'
import type { Emulator, RecordedRequest, StoredConnection } from '../emulator/server.js'
import { FakeClock } from '../support/fake-clock.js'
import type { Target } from '../support/faults.js'
import { expectNoLeaks } from '../support/leaks.js'
import { ROOT, type ActionRun, type ActionYaml } from '../support/run-action.js'
import { runInProcess, type InProcessOptions } from '../support/run-in-process.js'

export const HUBSPOT_SPEC_ID = 'cc6a4487-9e91-433e-a3a3-9cf6626c1806'
export const DATA_LAKE_SPEC_ID = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c'
export const CRM_TO_AEP_SPEC_ID = '14518937-270c-4525-bdec-c2ba7cce3860'
export const XDM_FULL = 'application/vnd.adobe.xed-full+json;version=1'

export const FLOW_SERVICE = '/data/foundation/flowservice'
export const SOURCE_CONNECTIONS_PATH = `${FLOW_SERVICE}/sourceConnections`
export const TARGET_CONNECTIONS_PATH = `${FLOW_SERVICE}/targetConnections`
export const FLOWS_PATH = `${FLOW_SERVICE}/flows`
export const RUNS_PATH = `${FLOW_SERVICE}/runs`
export const MAPPING_SETS_PATH = '/data/foundation/conversion/mappingSets'
export const VALIDATE_PATH = `${MAPPING_SETS_PATH}/validate`

/** The creates of the four resources, for aiming faults. */
export const CREATES = {
  'source connection': { service: 'platform', method: 'POST', path: SOURCE_CONNECTIONS_PATH },
  'target connection': { service: 'platform', method: 'POST', path: TARGET_CONNECTIONS_PATH },
  'mapping set': { service: 'platform', method: 'POST', path: MAPPING_SETS_PATH },
  flow: { service: 'platform', method: 'POST', path: FLOWS_PATH },
} as const satisfies Record<string, Target>
export type ResourceName = keyof typeof CREATES

export const TABLE = 'Hubspot.Contacts'
export const DEFAULT_FLOW_NAME = `HubSpot ${TABLE}`

/** Columns of the emulator's Hubspot.Contacts to fields of the demo dataset's schema. */
export const MAPPING = [
  { source: 'Properties_Firstname_Value', destination: 'person.name.firstName' },
  { source: 'Properties_Email_Value', destination: 'personalEmail.address' },
]
/** Another valid mapping of the same table and schema. */
export const OTHER_MAPPING = [
  { source: 'Properties_Firstname_Value', destination: 'person.name.firstName' },
  { source: 'Properties_Lastname_Value', destination: 'person.name.lastName' },
]

/** The order of the log's groups when every resource is created (and the run waited for). */
export const CREATE_GROUPS = [
  'Adobe IMS access token',
  'Base connection, table, dataset and flows',
  'Validation',
  'Source connection',
  'Target connection',
  'Mapping set',
  'Data flow',
]
/** The groups of a reuse, an update or a dry run. */
export const PLAN_GROUPS = [
  'Adobe IMS access token',
  'Base connection, table, dataset and flows',
  'Validation',
  'Data flow',
]

export const SUMMARY_HEADING = 'HubSpot data flow in Adobe Experience Platform'

/** dataflow/action.yml, so that this action's defaults apply. */
export function readDataflowActionYaml(): ActionYaml {
  return parse(readFileSync(join(ROOT, 'dataflow', 'action.yml'), 'utf8')) as ActionYaml
}
const ACTION_YAML = readDataflowActionYaml()

/** A HubSpot base connection (enabled, HubSpot spec, valid credentials unless told otherwise). */
export function seedBase(emulator: Emulator, overrides: Partial<Parameters<Emulator['seedConnection']>[0]> = {}) {
  return emulator.seedConnection({ name: 'HubSpot', ...overrides })
}

/** The inputs of a working step against the emulator: Adobe credentials (token minted), the base connection, the demo dataset. */
export function flowInputs(
  emulator: Emulator,
  base: Pick<StoredConnection, 'id'> | string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const id = typeof base === 'string' ? base : base.id
  return demoDataflowInputs(emulator.urls, id, { table: TABLE, mapping: JSON.stringify(MAPPING), ...overrides })
}

/**
 * Runs the data-flow action in this process (debug mode and a FakeClock unless told otherwise:
 * retries and polling take no time) and checks, for every run, that no secret leaked.
 */
export async function runFlow(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: InProcessOptions = {},
): Promise<ActionRun> {
  const result = await runInProcess(runDataflowAction, inputs, { clock: new FakeClock(), ...options }, ACTION_YAML)
  // What a failed step's other phases had sent on its way is this test's, not the next one's.
  await emulator.quiet()
  expectNoLeaks(emulator, inputs, result)
  return result
}

export function platformRequests(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((request) => request.service === 'platform')
}

/** Every request that may change something in Adobe (validating a mapping writes nothing). */
export function writes(emulator: Emulator): RecordedRequest[] {
  return platformRequests(emulator).filter((request) => request.method !== 'GET' && request.path !== VALIDATE_PATH)
}

/** The writes with this method to exactly this path. */
export function writesTo(emulator: Emulator, method: string, path: string | RegExp): RecordedRequest[] {
  return writes(emulator).filter(
    (request) =>
      request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)),
  )
}

/** `METHOD path` of every write, for readable failures. */
export function writeLines(emulator: Emulator): string[] {
  return writes(emulator).map((request) => `${request.method} ${request.path}`)
}

/** The JSON body of the only write with this method to this path. */
export function bodyOf(emulator: Emulator, method: string, path: string | RegExp): any {
  const found = writesTo(emulator, method, path)
  if (found.length !== 1) throw new Error(`expected one ${method} ${String(path)}, got ${found.length}`)
  return JSON.parse(found[0]!.body)
}

/** The titles of the log's groups, in order. */
export function groups(log: string): string[] {
  return [...log.matchAll(/^::group::(.*)$/gm)].map((match) => match[1]!)
}

/** The ::error:: line, unescaped (multi-line messages joined with newlines). */
export function errorOf(result: ActionRun): string {
  const line = result.log.split('\n').find((entry) => entry.startsWith('::error::'))
  return (line ?? '').replace('::error::', '').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}

/** The ::warning:: lines, unescaped. */
export function warningsOf(result: ActionRun): string[] {
  return result.log
    .split('\n')
    .filter((line) => line.startsWith('::warning::'))
    .map((line) => line.replace('::warning::', '').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/** The summary's table row that holds this id (empty when none does). */
export function summaryRow(summary: string, id: string): string {
  return summary.split(/<tr>/).find((row) => row.includes(id)) ?? ''
}

/** The four resources as the emulator holds them, counted. */
export function counts(emulator: Emulator) {
  return {
    sourceConnections: emulator.sourceConnections().length,
    targetConnections: emulator.targetConnections().length,
    mappingSets: emulator.mappingSets().length,
    flows: emulator.flows().length,
  }
}

export const ONE_OF_EACH = { sourceConnections: 1, targetConnections: 1, mappingSets: 1, flows: 1 }
export const NONE = { sourceConnections: 0, targetConnections: 0, mappingSets: 0, flows: 0 }

/**
 * Creates a flow directly in the emulator, as someone might in the UI: to set up states the step
 * itself never makes (two flows of one name). Clears the recorded requests afterwards.
 */
export async function postFlowDirectly(emulator: Emulator, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${emulator.urls.platform}${FLOWS_PATH}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${emulator.issueAdobeToken()}`,
      'x-api-key': DEMO.adobe.clientId,
      'x-gw-ims-org-id': DEMO.adobe.orgId,
      'x-sandbox-name': 'prod',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== 201 && response.status !== 200) throw new Error(`POST /flows: ${response.status} ${text}`)
  emulator.clearRequests()
  return (JSON.parse(text) as { id: string }).id
}

/** The epoch seconds of an ISO time. */
export function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000)
}
