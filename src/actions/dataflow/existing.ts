import { sameMappings, type DataPrepClient, type MappingSet, type MappingSetBody } from '../../adobe/data-prep.js'
import type { FlowServiceClient, JsonPatchOperation, Resource } from '../../adobe/flow-service/client.js'
import { targetDatasetId } from '../../adobe/flow-service/data-lake.js'
import type { FlowResources } from '../../adobe/flow-service/ensure-one.js'
import { crmToAepFlows, flowDetails, type FlowDetails } from '../../adobe/flow-service/flows.js'
import { ActionError } from '../../core/errors.js'
import { unexpectedAnswer } from '../../core/service-client.js'
import { sourceTable } from '../../hubspot/source-connections.js'
import type { Chain } from './chain.js'
import type { DataflowConfig } from './inputs.js'
import { isoTime, scheduleParams } from './schedule.js'

/** A way the existing flow differs from the inputs; only some can be changed in place. */
export interface Difference {
  what: 'table' | 'dataset' | 'mapping' | 'delta-column' | 'schedule' | 'description'
  says: string
  inPlace: boolean
}

export interface ExistingFlow {
  flow: Resource
  details: FlowDetails
  chain: Chain
  mappingSet: MappingSet | undefined
  differences: Difference[]
  /**
   * When start-time asks for another start than the flow's: what a warning says. A flow keeps its
   * start time (reuse, and update too), so this is no difference to bring in line.
   */
  startTimeKept: string | undefined
}

interface Clients {
  flowService: FlowServiceClient
  dataPrep: DataPrepClient
}

/** Reads what the flow of our name is made of, and how it differs from the inputs. */
export async function inspectExisting(
  config: DataflowConfig,
  flow: Resource,
  mappingBody: MappingSetBody,
  { flowService, dataPrep }: Clients,
): Promise<ExistingFlow> {
  const details = flowDetails(flow)
  const [sourceId] = details.sourceConnectionIds
  const [targetId] = details.targetConnectionIds
  if (!sourceId || !targetId || !details.mapping) {
    throw unexpectedAnswer(
      { service: 'Flow Service', operation: `read flow (GET /flows/${flow.id})` },
      `flow ${flow.id} names no source connection, target connection or mapping`,
      200,
    )
  }
  const gone = (what: string, id: string) => (error: unknown) => {
    if (!(error instanceof ActionError) || error.facts.status !== 404) throw error
    throw new ActionError(`flow ${flow.id} uses ${what} ${id}, which no longer exists`, {
      ...error.facts,
      kind: 'conflict',
      hint: 'The flow cannot run this way. Delete it in Experience Platform (Sources > Dataflows) and re-run the job to create the whole chain again, or choose another flow-name.',
    })
  }
  const [source, target, mappingSet] = await Promise.all([
    flowService.get('sourceConnections', sourceId).catch(gone('source connection', sourceId)),
    flowService.get('targetConnections', targetId).catch(gone('target connection', targetId)),
    dataPrep.get(details.mapping.id, details.mapping.version).catch(gone('mapping set', details.mapping.id)),
  ])
  const differences: Difference[] = []
  const table = sourceTable(source)
  if (table !== config.table) {
    differences.push({
      what: 'table',
      says: `it reads table ${table ?? '(none)'}, not ${config.table}`,
      inPlace: false,
    })
  }
  const dataset = targetDatasetId(target)
  if (dataset?.toLowerCase() !== config.datasetId.toLowerCase()) {
    differences.push({
      what: 'dataset',
      says: `it writes to dataset ${dataset ?? '(none)'}, not ${config.datasetId}`,
      inPlace: false,
    })
  }
  if (
    mappingSet.schemaRef.id !== mappingBody.outputSchema.schemaRef.id ||
    !sameMappings(mappingSet.mappings, mappingBody.mappings)
  ) {
    differences.push({
      what: 'mapping',
      says: `its mapping (version ${mappingSet.version}) is not the mapping input`,
      inPlace: true,
    })
  }
  if (details.deltaColumn !== config.deltaColumn) {
    differences.push({
      what: 'delta-column',
      says: `its delta column is ${details.deltaColumn ?? '(none)'}, not ${config.deltaColumn}`,
      inPlace: true,
    })
  }
  const wanted = scheduleParams(config.schedule)
  const { frequency, interval, backfill } = details.scheduleParams
  if (frequency !== wanted.frequency || interval !== wanted.interval || backfill !== wanted.backfill) {
    differences.push({
      what: 'schedule',
      says: `it runs ${describeSchedule(frequency, interval, backfill)}, not ${describeSchedule(wanted.frequency, wanted.interval, wanted.backfill)}`,
      inPlace: true,
    })
  }
  const raw: Record<string, unknown> = flow
  const description = typeof raw['description'] === 'string' ? raw['description'] : undefined
  if (config.flowDescription !== undefined && description !== config.flowDescription) {
    differences.push({ what: 'description', says: 'its description is not the flow-description input', inPlace: true })
  }
  const chain: Chain = {
    source: { value: { id: source.id, etag: source.etag }, provenance: 'reused' },
    target: { value: { id: target.id, etag: target.etag }, provenance: 'reused' },
    mapping: { value: { id: mappingSet.id, version: mappingSet.version }, provenance: 'reused' },
    flow: { value: { id: flow.id, etag: flow.etag }, provenance: 'reused' },
  }
  const startTimeKept = keptStartTime(flow.id, details.scheduleParams.startTime, config)
  return { flow, details, chain, mappingSet, differences, startTimeKept }
}

/** What to say when start-time asks for another start than the flow's; undefined when it does not. */
function keptStartTime(flowId: string, flowStart: number | undefined, config: DataflowConfig): string | undefined {
  const { startTime, startTimeGiven } = config.schedule
  if (!startTimeGiven || flowStart === undefined || flowStart === startTime) return undefined
  return (
    `Flow ${flowId} starts at ${isoTime(flowStart)} (${flowStart}), not at start-time ${isoTime(startTime)} (${startTime}), and keeps its start time: ` +
    'moving it would load again what the flow has loaded, or skip what it has not. To start from another time, delete the flow in Experience Platform (Sources > Dataflows) and re-run the job, or choose another flow-name.'
  )
}

function describeSchedule(
  frequency: string | undefined,
  interval: number | undefined,
  backfill: boolean | undefined,
): string {
  if (frequency === undefined) return 'on no schedule'
  if (frequency === 'once') return 'once'
  const every = `every ${interval ?? 1} ${frequency}${(interval ?? 1) === 1 ? '' : 's'}`
  return backfill === undefined ? every : `${every} (backfill: ${String(backfill)})`
}

/** The table and the dataset of a flow cannot be changed in place: a plan or an update that would fails. */
export function refuseChangesNotInPlace(existing: ExistingFlow): void {
  const fixed = existing.differences.filter((difference) => !difference.inPlace)
  if (fixed.length === 0) return
  throw new ActionError(
    `flow ${existing.flow.id} cannot be changed in place: ${fixed.map((difference) => difference.says).join('; ')}`,
    {
      kind: 'conflict',
      hint: 'A flow keeps its table and dataset. Choose another flow-name for a new flow (and delete the old one in Sources > Dataflows), or keep the inputs as they were.',
    },
  )
}

/**
 * `if-exists: update`: a new version of the mapping set where the mapping differs, then one PATCH
 * of the flow (If-Match; one re-read on 412) for its mapping version, delta column and schedule.
 * The table and the dataset cannot be changed in place: that fails, saying so.
 */
export async function updateExisting(
  config: DataflowConfig,
  existing: ExistingFlow,
  mappingBody: MappingSetBody,
  { dataPrep, resources, log }: { dataPrep: DataPrepClient; resources: FlowResources; log: (line: string) => void },
): Promise<Chain> {
  refuseChangesNotInPlace(existing)
  const differs = (what: Difference['what']) => existing.differences.some((difference) => difference.what === what)
  let mapping = existing.chain.mapping
  if (differs('mapping')) {
    const updated = await dataPrep.update(mapping.value.id, mappingBody, mapping.value.version)
    mapping = { value: updated.value, provenance: 'updated' }
    log(`Wrote version ${updated.value.version} of mapping set ${updated.value.id}.`)
  }
  const operations = patchOperations(config, existing, mapping.value.version, differs)
  let flow = existing.chain.flow
  if (operations.length > 0) {
    const written = await resources.update(crmToAepFlows, existing.flow, operations)
    flow = { value: written, provenance: 'updated' }
    log(`Updated flow ${written.id}: ${existing.differences.map((difference) => difference.what).join(', ')}.`)
  }
  return { ...existing.chain, mapping, flow }
}

function patchOperations(
  config: DataflowConfig,
  existing: ExistingFlow,
  mappingVersion: number,
  differs: (what: Difference['what']) => boolean,
): JsonPatchOperation[] {
  // The flow as listed, with the fields every resource has and the rest kept as they came.
  const raw: Record<string, unknown> = existing.flow
  const transformations: unknown[] = Array.isArray(raw['transformations']) ? raw['transformations'] : []
  const index = (name: string) =>
    transformations.findIndex(
      (item) => typeof item === 'object' && item !== null && (item as { name?: unknown }).name === name,
    )
  const operations: JsonPatchOperation[] = []
  if (differs('mapping')) {
    operations.push({
      op: 'replace',
      path: `/transformations/${index('Mapping')}/params/mappingVersion`,
      value: mappingVersion,
    })
  }
  if (differs('delta-column')) {
    operations.push({
      op: 'replace',
      path: `/transformations/${index('Copy')}/params/deltaColumn/name`,
      value: config.deltaColumn,
    })
  }
  if (differs('description')) {
    operations.push({ op: 'replace', path: '/description', value: config.flowDescription })
  }
  if (differs('schedule')) {
    // The start time stays: moving it would re-run what already ran.
    const startTime = existing.details.scheduleParams.startTime ?? config.schedule.startTime
    operations.push({
      op: 'replace',
      path: '/scheduleParams',
      value: { ...scheduleParams(config.schedule), startTime },
    })
  }
  return operations
}
