import * as z from '../../core/zod.js'
import { ActionError } from '../../core/errors.js'
import { lazily } from '../../core/lazily.js'
import { unexpectedAnswer } from '../../core/service-client.js'
import type { FlowServiceClient, Resource } from './client.js'
import type { ResourceKind } from './ensure-one.js'
import { isUuid, nonEmptyText } from '../../core/server-values.js'

/** `CRMToAEP`: the flow spec of table sources (CRMs and marketing automation, HubSpot included). */
export const CRM_TO_AEP_FLOW_SPEC = { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' } as const

/** CRMToAEP flows: the flow spec as the fixed filter, checked again on every listed item. */
export const crmToAepFlows: ResourceKind = {
  collection: 'flows',
  filters: [`flowSpec.id==${CRM_TO_AEP_FLOW_SPEC.id}`],
  belongs: (resource) => resource.flowSpec?.id === CRM_TO_AEP_FLOW_SPEC.id,
}

export type Frequency = 'once' | 'minute' | 'hour' | 'day' | 'week'

/**
 * When a flow runs (the flow spec's scheduleSpec): `startTime` in epoch seconds; `interval` at
 * least 15 for 'minute' and 1 otherwise, and neither it nor `backfill` with 'once'. Sent as
 * integers and a boolean, as the flow spec's schema types them.
 */
export interface ScheduleParams {
  startTime: number
  frequency: Frequency
  interval?: number | undefined
  backfill?: boolean | undefined
}

export interface FlowInputs {
  name: string
  description?: string | undefined
  sourceConnectionId: string
  targetConnectionId: string
  /** The source column whose value says a row changed (Copy's `deltaColumn.name`). */
  deltaColumn: string
  mappingId: string
  mappingVersion: number
  scheduleParams: ScheduleParams
}

/** The body of `POST /flows` for a CRMToAEP flow. */
export interface FlowBody {
  name: string
  description?: string
  flowSpec: typeof CRM_TO_AEP_FLOW_SPEC
  sourceConnectionIds: string[]
  targetConnectionIds: string[]
  transformations: [
    { name: 'Copy'; params: { deltaColumn: { name: string } } },
    { name: 'Mapping'; params: { mappingId: string; mappingVersion: number } },
  ]
  scheduleParams: ScheduleParams
}

export function flowBody(inputs: FlowInputs): FlowBody {
  const { startTime, frequency, interval, backfill } = inputs.scheduleParams
  return {
    name: inputs.name,
    ...(inputs.description !== undefined ? { description: inputs.description } : {}),
    flowSpec: CRM_TO_AEP_FLOW_SPEC,
    sourceConnectionIds: [inputs.sourceConnectionId],
    targetConnectionIds: [inputs.targetConnectionId],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: inputs.deltaColumn } } },
      { name: 'Mapping', params: { mappingId: inputs.mappingId, mappingVersion: inputs.mappingVersion } },
    ],
    scheduleParams: {
      startTime,
      frequency,
      ...(interval !== undefined ? { interval } : {}),
      ...(backfill !== undefined ? { backfill } : {}),
    },
  }
}

/** What a listed or read flow says about what it does; anything it does not say is undefined. */
export interface FlowDetails {
  sourceConnectionIds: string[]
  targetConnectionIds: string[]
  mapping: { id: string; version: number } | undefined
  deltaColumn: string | undefined
  scheduleParams: {
    startTime: number | undefined
    frequency: string | undefined
    interval: number | undefined
    backfill: boolean | undefined
  }
}

/** An integer as a JSON number or as digits (the tutorials send numbers as strings). */
const integer = () => z.union([z.int(), z.pipe(z.string().check(z.regex(/^-?\d+$/)), z.transform(Number))])
const bool = () =>
  z.union([
    z.boolean(),
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((text: 'true' | 'false') => text === 'true'),
    ),
  ])
const ids = () => z.catch(z.array(z.string()), [])
const Transformation = lazily(() => z.object({ name: z.string(), params: z.record(z.string(), z.unknown()) }))
const CopyParams = lazily(() => z.object({ deltaColumn: z.object({ name: z.string() }) }))
const MappingParams = lazily(() => z.object({ mappingId: z.string(), mappingVersion: integer() }))
const FlowFields = lazily(() =>
  z.object({
    sourceConnectionIds: ids(),
    targetConnectionIds: ids(),
    transformations: z.catch(z.array(z.unknown()), []),
    scheduleParams: z.catch(
      z.object({
        startTime: z.catch(z.optional(integer()), undefined),
        frequency: z.catch(z.optional(z.string()), undefined),
        interval: z.catch(z.optional(integer()), undefined),
        backfill: z.catch(z.optional(bool()), undefined),
      }),
      {},
    ),
  }),
)

/** The params of the flow's first transformation named `name` (case ignored), if there is one. */
function transformation(items: unknown[], name: string): Record<string, unknown> | undefined {
  for (const item of items) {
    const decoded = Transformation().safeParse(item)
    if (decoded.success && decoded.data.name.toLowerCase() === name.toLowerCase()) return decoded.data.params
  }
  return undefined
}

/** Reads a flow's connections, mapping, delta column and schedule, for telling what differs from the inputs. */
export function flowDetails(resource: Resource): FlowDetails {
  const flow = FlowFields().parse(resource)
  const mapping = MappingParams().safeParse(transformation(flow.transformations, 'Mapping')).data
  const { startTime, frequency, interval, backfill } = flow.scheduleParams
  return {
    sourceConnectionIds: flow.sourceConnectionIds,
    targetConnectionIds: flow.targetConnectionIds,
    mapping: mapping && { id: mapping.mappingId, version: mapping.mappingVersion },
    deltaColumn: CopyParams().safeParse(transformation(flow.transformations, 'Copy')).data?.deltaColumn.name,
    scheduleParams: { startTime, frequency, interval, backfill },
  }
}

/** A run of a flow, as its metrics tell it. */
export interface FlowRun {
  id: string
  /** As Flow Service spells it: scheduled, inProgress, success, failed (compare ignoring case). */
  status: string
  recordsRead: number
  recordsWritten: number
  recordsFailed: number
  /** The codes of the run's errors and of its activities' errors, each once. */
  errorCodes: string[]
}

/** Whether a run is over: every status but 'scheduled' and 'inProgress' (case ignored). */
export function runEnded(status: string): boolean {
  const lower = status.toLowerCase()
  return lower !== 'scheduled' && lower !== 'inprogress'
}

/** Whether a run ended well (case ignored). */
export function runSucceeded(status: string): boolean {
  return status.toLowerCase() === 'success'
}

const count = () => z.catch(z.int().check(z.nonnegative()), 0)
const errors = () => z.catch(z.array(z.unknown()), [])
const RunFields = lazily(() =>
  z.object({
    flowId: z.catch(z.optional(z.string()), undefined),
    createdAt: z.catch(z.optional(z.number()), undefined),
    metrics: z.object({
      // A status goes into an output: a word, like scheduled, inProgress, success, failed.
      statusSummary: z.object({
        status: z.string().check(z.regex(/^[A-Za-z_-]{1,64}$/, 'is not a run status')),
        errors: z.optional(errors()),
      }),
      recordSummary: z.catch(
        z.object({ inputRecordCount: count(), outputRecordCount: count(), failedRecordCount: count() }),
        { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
      ),
    }),
    activities: z.catch(z.array(z.unknown()), []),
  }),
)
const ErrorCode = lazily(() => z.object({ code: nonEmptyText() }))
const ActivityErrors = lazily(() =>
  z.object({ statusSummary: z.object({ extensions: z.object({ errors: errors() }) }) }),
)

function codesOf(errors: readonly unknown[]): string[] {
  return errors.flatMap((error) => {
    const code = ErrorCode().safeParse(error).data?.code
    return code === undefined ? [] : [code]
  })
}

/** The runs of a flow: `GET /runs?property=flowId==<id>`, every page. */
export class FlowRuns {
  constructor(private readonly client: FlowServiceClient) {}

  /** Every run of the flow, as Flow Service lists them; runs of another flow are left out. */
  async list(flowId: string): Promise<FlowRun[]> {
    if (!isUuid(flowId)) {
      throw new ActionError(`not a Flow Service flow id (a UUID): ${JSON.stringify(flowId)}`, {
        kind: 'input',
        hint: 'Give the id of the flow (the data-flow action outputs it).',
      })
    }
    const runs = await this.client.list('runs', [`flowId==${flowId}`])
    const typed = runs.flatMap((run) => {
      const decoded = RunFields().safeParse(run)
      if (!decoded.success) {
        const [issue] = decoded.error.issues
        throw unexpectedAnswer(
          { service: 'Flow Service', operation: 'list runs (GET /runs)' },
          `run ${run.id}: at ${issue?.path.map(String).join('.')}, ${issue?.message}`,
        )
      }
      const { flowId: ofFlow, createdAt, metrics, activities } = decoded.data
      // The server may ignore a filter: a run that says it is of another flow is not ours.
      if (ofFlow !== flowId) return []
      const activityCodes = activities.flatMap((activity) =>
        codesOf(ActivityErrors().safeParse(activity).data?.statusSummary.extensions.errors ?? []),
      )
      return [
        {
          createdAt: createdAt ?? 0,
          id: run.id,
          status: metrics.statusSummary.status,
          recordsRead: metrics.recordSummary.inputRecordCount,
          recordsWritten: metrics.recordSummary.outputRecordCount,
          recordsFailed: metrics.recordSummary.failedRecordCount,
          errorCodes: [...new Set([...codesOf(metrics.statusSummary.errors ?? []), ...activityCodes])],
        },
      ]
    })
    // Oldest first, whatever order the service lists them in: the first is the first run.
    return typed.sort((a, b) => a.createdAt - b.createdAt).map(({ createdAt: _createdAt, ...run }) => run)
  }
}
