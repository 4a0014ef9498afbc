import * as z from '../../core/zod.js'
import { adobeConfig, adobeInputs, requireAdobeSecretOrToken, type AdobeConfig } from '../../adobe/inputs.js'
import {
  atMost,
  choice,
  identifier,
  matching,
  multilineText,
  optional,
  plainText,
  readInputs,
  serviceUrl,
  shown,
  wholeNumber,
  yamlBoolean,
  type Rule,
} from '../../core/inputs.js'
import { lazily } from '../../core/lazily.js'
import type { SecretRegistry } from '../../core/secrets.js'
import { mappingInput, type MappingEntry, type MappingFiles } from './mapping.js'
import {
  backfill,
  epochSeconds,
  intervalProblem,
  scheduleFrequency,
  scheduleInterval,
  startTime,
  type Schedule,
} from './schedule.js'

/** What to do when a flow of that name exists. There is no `create`: the name is the flow's key. */
export const IF_EXISTS_MODES = ['reuse', 'update', 'fail'] as const
export type IfExistsMode = (typeof IF_EXISTS_MODES)[number]

export const MAX_NAME_LENGTH = 256

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CATALOG_ID = /^[0-9a-f]{24}$/i
const TABLE = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/

/** The flow's name when flow-name is not given. */
export function defaultFlowName(table: string): string {
  return `HubSpot ${table}`
}

const baseConnectionId = matching(
  UUID,
  (value) =>
    `must be the id of the HubSpot base connection (the connection action's connection-id output), a UUID such as 0b9c7a1e-5f3d-4c2b-9a8e-1d2c3b4a5f6e; got ${shown(value)}`,
)

const hubspotTable = matching(
  TABLE,
  (value) =>
    `must be a HubSpot table as explore lists it, such as Hubspot.Contacts: letters, digits and underscores, in parts joined by dots; got ${shown(value)}`,
)

const catalogDatasetId: Rule = (value) => {
  if (CATALOG_ID.test(value)) return undefined
  const bare = /^@\/dataSets\/([0-9a-f]{24})$/i.exec(value)?.[1]
  return bare
    ? `must be the dataset id alone, without @/dataSets/: ${bare}`
    : `must be a Catalog dataset id: 24 hexadecimal characters, such as 5ed5639d798a22191b6987b2; got ${shown(value)}`
}

/** The rules about several inputs: the 15-minute floor of a minute schedule, and the default flow name's length. */
function crossInputRules(inputs: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  const { schedule, table } = inputs
  const interval = inputs['schedule-interval']
  if (typeof interval === 'number' && schedule === 'minute') {
    const problem = intervalProblem(schedule, interval)
    if (problem) ctx.addIssue({ code: 'custom', path: ['schedule-interval'], message: problem })
  }
  if (inputs['flow-name'] === '' && typeof table === 'string' && defaultFlowName(table).length > MAX_NAME_LENGTH) {
    ctx.addIssue({
      code: 'custom',
      path: ['flow-name'],
      message: `is empty, and its default (HubSpot <table>) would be longer than ${MAX_NAME_LENGTH} characters; give a shorter flow-name`,
    })
  }
}

/**
 * The data-flow action's inputs, exactly as dataflow/action.yml declares them, with mapping files
 * read from `files`.
 */
export function dataflowInputs(files: MappingFiles) {
  return (
    z
      .object({
        ...adobeInputs(),
        'connection-id': identifier(baseConnectionId),
        table: identifier(atMost(MAX_NAME_LENGTH), hubspotTable),
        'dataset-id': identifier(catalogDatasetId),
        mapping: mappingInput(files),
        'delta-column': identifier(atMost(MAX_NAME_LENGTH)),
        'flow-name': plainText(atMost(MAX_NAME_LENGTH)),
        'flow-description': multilineText(),
        schedule: scheduleFrequency(),
        'schedule-interval': scheduleInterval(),
        'start-time': startTime(),
        backfill: backfill(),
        'if-exists': choice(IF_EXISTS_MODES, 'reuse'),
        'wait-for-run': yamlBoolean(false),
        'dry-run': yamlBoolean(false),
        'timeout-seconds': wholeNumber(1, 21600, 600, 'a whole number of seconds from 1 to 21600 (6 hours)'),
        'platform-url': serviceUrl('https://platform.adobe.io'),
        'ims-url': serviceUrl('https://ims-na1.adobelogin.com'),
      })
      // Runs even when an input is invalid (`when`: an invalid mode would skip it), so each value
      // is checked for its type.
      .check(
        z.superRefine(
          (inputs, ctx) => {
            requireAdobeSecretOrToken(inputs, ctx)
            crossInputRules(inputs, ctx)
          },
          { when: () => true },
        ),
      )
  )
}

/**
 * For lack of a workspace, this schema takes a mapping given as JSON only; its keys are the
 * inputs. Built when first asked for: a step builds its own, with its workspace.
 */
export const DATAFLOW_INPUTS = lazily(() =>
  dataflowInputs({
    workspace: '',
    readFile: () => {
      throw new Error('no workspace')
    },
  }),
)

export type DataflowInputName = keyof ReturnType<typeof dataflowInputs>['shape']

/** The inputs whose values are secrets: masked before anything else happens. */
export const SECRET_INPUTS = [
  'adobe-client-secret',
  'adobe-access-token',
] as const satisfies readonly DataflowInputName[]

export interface DataflowConfig {
  adobe: AdobeConfig
  sandboxName: string
  /** The HubSpot base connection. */
  connectionId: string
  /** The HubSpot table, as explore lists it (the source connection's params.path). */
  table: string
  datasetId: string
  mapping: MappingEntry[]
  deltaColumn: string
  flowName: string
  flowDescription?: string | undefined
  schedule: Schedule
  ifExists: IfExistsMode
  waitForRun: boolean
  dryRun: boolean
  timeoutSeconds: number
  urls: { platform: string; ims: string }
}

/** What reading the inputs needs besides the inputs. */
export interface DataflowEnv {
  /** The absolute path of GITHUB_WORKSPACE, where a mapping file is found; '' when there is none. */
  workspace: string
  /** Reads a mapping file (readMappingFile in production). */
  readFile: (path: string) => string
  /** Epoch milliseconds (Clock.now): the start time when start-time is empty. */
  now: () => number
}

/**
 * Masks every secret input, then reads all inputs, the mapping file too, into one validated
 * DataflowConfig. Reports every invalid input at once, each named, and never quotes a secret.
 */
export function readDataflowConfig(
  getInput: (name: string) => string,
  secrets: SecretRegistry,
  env: DataflowEnv,
): DataflowConfig {
  const schema = dataflowInputs({ workspace: env.workspace, readFile: env.readFile })
  const inputs = readInputs(schema, SECRET_INPUTS, getInput, secrets)
  return {
    adobe: adobeConfig(inputs),
    sandboxName: inputs['sandbox-name'],
    connectionId: inputs['connection-id'],
    table: inputs.table,
    datasetId: inputs['dataset-id'],
    mapping: inputs.mapping,
    deltaColumn: inputs['delta-column'],
    flowName: inputs['flow-name'] || defaultFlowName(inputs.table),
    flowDescription: optional(inputs['flow-description']),
    schedule: {
      frequency: inputs.schedule,
      interval: inputs['schedule-interval'],
      startTime: inputs['start-time'] ?? epochSeconds(env.now()),
      startTimeGiven: inputs['start-time'] !== undefined,
      backfill: inputs.backfill,
    },
    ifExists: inputs['if-exists'],
    waitForRun: inputs['wait-for-run'],
    dryRun: inputs['dry-run'],
    timeoutSeconds: inputs['timeout-seconds'],
    urls: { platform: inputs['platform-url'], ims: inputs['ims-url'] },
  }
}
