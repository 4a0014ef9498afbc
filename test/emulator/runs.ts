/**
 * Flow runs (dataflow-notes §1.1 step 6 "Monitor"; SPEC FlowRunItemDTO). Creating a flow
 * schedules its first run; `GET /runs?property=flowId==<id>` and `GET /runs/{id}` show it.
 *
 * Documented: the run's shape (`metrics.durationSummary`, `sizeSummary`, `recordSummary
 * {inputRecordCount, outputRecordCount, failedRecordCount}`, `statusSummary {status, errors}`,
 * `activities` copyActivity and promotionActivity with `statusSummary.extensions.errors` and
 * `targetInfo`), the status values scheduled, inProgress, success, failed, the error codes
 * CONNECTOR-2001-500, INGEST-1212-400 and MAPPER-3700-400, and the filters `flowId` and
 * `metrics.statusSummary.status` (compared ignoring case: the docs filter on `Failed`). The
 * docs spell `etag` and `activities` where the spec says `eTag` and `activites`: the docs win.
 *
 * Our choice: runs move on by reads, never by time (see RunProgressConfig): each answer that
 * contains a run counts one read of it, after it was answered. Record and byte counts stay 0
 * until the run finishes. Runs are created by the service client below, and are deleted with
 * their flow.
 */
import { createHash } from 'node:crypto'
import { notFound } from './errors.js'
import type { Fields } from './filter.js'
import type { Caller } from './gateway.js'
import { listPage } from './list.js'
import type { PlatformDeps } from './platform-state.js'
import { json, type Reply, type RequestContext } from './reply.js'
import { resourceDtoHead, timestamp } from './store.js'
import type { RunFailure, RunStatus, StoredFlow, StoredRun } from './types.js'

/** The client Adobe's own examples show on runs and other service-made records. */
const RUN_CLIENT = 'acp_foundation_connectors'
/** Bytes per record in the size summary (made up). */
const BYTES_PER_RECORD = 240

export const RUN_FIELDS: Fields = {
  id: 'string',
  flowId: 'string',
  'metrics.statusSummary.status': 'caseless',
  'metrics.durationSummary.startedAtUTC': 'number',
  'metrics.durationSummary.completedAtUTC': 'number',
  createdAt: 'number',
  updatedAt: 'number',
}

const FINAL: readonly RunStatus[] = ['success', 'failed']

/** A failure with every default filled in (after the monitoring example of the docs). */
export function resolveFailure(failure: RunFailure, inputRecordCount: number): Required<RunFailure> {
  const failed = Math.min(failure.failedRecordCount ?? inputRecordCount, inputRecordCount)
  return {
    failedRecordCount: failed,
    errors: failure.errors ?? [
      {
        code: 'CONNECTOR-2001-500',
        message: 'Error in processing (parsing, validation or transformation) the copied data.',
      },
    ],
    activityErrors: failure.activityErrors ?? [
      {
        code: 'INGEST-1212-400',
        message: `Encountered ${failed} errors in the data. Successfully ingested ${inputRecordCount - failed} rows. Review the associated diagnostic files for additional details.`,
      },
      { code: 'MAPPER-3700-400', recordCount: failed, message: 'Mapper Transform Error' },
    ],
  }
}

/** Moves a run to the status its read count calls for, stamping times and settling its outcome. */
function advance(deps: PlatformDeps, run: StoredRun): StoredRun {
  if (FINAL.includes(run.status)) return run
  const { scheduledReads, inProgressReads } = deps.config.runs
  const final = run.reads >= scheduledReads + inProgressReads
  const failure = final ? deps.state.runFailures.get(run.flowId) : undefined
  const status: RunStatus =
    run.reads < scheduledReads ? 'scheduled' : !final ? 'inProgress' : failure ? 'failed' : 'success'
  if (status === run.status) return run
  const now = timestamp()
  return deps.state.runs.update(
    run,
    {
      ...run,
      status,
      startedAtUTC: run.startedAtUTC ?? now,
      ...(final ? { completedAtUTC: now } : {}),
      ...(failure ? { failure: resolveFailure(failure, run.inputRecordCount) } : {}),
    },
    RUN_CLIENT,
  )
}

/** The first run of a new flow: 'scheduled' (or further along, when the config skips steps). */
export function scheduleRun(deps: PlatformDeps, flow: StoredFlow): StoredRun {
  const run = deps.state.runs.add({
    sandboxName: flow.sandboxName,
    imsOrgId: flow.imsOrgId,
    flowId: flow.id,
    flowSpec: { ...flow.flowSpec },
    status: 'scheduled',
    reads: 0,
    inputRecordCount: deps.config.runs.inputRecordCount,
    createdBy: RUN_CLIENT,
    updatedBy: RUN_CLIENT,
    createdClient: RUN_CLIENT,
    updatedClient: RUN_CLIENT,
  })
  return advance(deps, run)
}

/** Counts one read of a run (after it was answered). */
function countRead(deps: PlatformDeps, run: StoredRun): void {
  advance(deps, deps.state.runs.set({ ...run, reads: run.reads + 1 }))
}

/** A batch id shaped like Catalog's (26 characters of Crockford base32), fixed per run. */
function batchId(runId: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  const digest = createHash('sha256').update(runId).digest()
  return [...digest.subarray(0, 26)].map((byte) => alphabet[byte % 32]).join('')
}

function activities(run: StoredRun, flow: StoredFlow | undefined): Array<Record<string, unknown>> {
  if (run.status === 'scheduled') return []
  const finished = FINAL.includes(run.status)
  const copy = {
    id: 'copyActivity',
    updatedAtUTC: run.updatedAt,
    durationSummary: { startedAtUTC: run.startedAtUTC, ...(finished ? { completedAtUTC: run.completedAtUTC } : {}) },
    statusSummary: { status: finished ? 'success' : 'inProgress' },
  }
  if (!finished) return [copy]
  const failed = run.failure?.failedRecordCount ?? 0
  const promotion = {
    id: 'promotionActivity',
    updatedAtUTC: run.updatedAt,
    durationSummary: { startedAtUTC: run.startedAtUTC, completedAtUTC: run.completedAtUTC },
    recordSummary: {
      inputRecordCount: run.inputRecordCount,
      outputRecordCount: run.inputRecordCount - failed,
      failedRecordCount: failed,
    },
    statusSummary: {
      status: run.status,
      ...(run.failure ? { errors: run.failure.errors, extensions: { errors: run.failure.activityErrors } } : {}),
    },
    targetInfo: (flow?.targetConnectionIds ?? []).map((id) => ({
      id,
      type: 'TargetConnection',
      reference: { type: 'Batch', ids: [batchId(run.id)] },
    })),
  }
  return [copy, promotion]
}

export function runDto(deps: PlatformDeps, run: StoredRun): Record<string, unknown> {
  const finished = FINAL.includes(run.status)
  const input = finished ? run.inputRecordCount : 0
  const failed = run.failure?.failedRecordCount ?? 0
  const flow = deps.state.flows.get(run.imsOrgId, run.sandboxName, run.flowId)
  return {
    ...resourceDtoHead(run),
    flowId: run.flowId,
    flowSpec: { ...run.flowSpec },
    etag: run.etag,
    metrics: {
      durationSummary: {
        ...(run.startedAtUTC === undefined ? {} : { startedAtUTC: run.startedAtUTC }),
        ...(run.completedAtUTC === undefined ? {} : { completedAtUTC: run.completedAtUTC }),
      },
      sizeSummary: { inputBytes: input * BYTES_PER_RECORD, outputBytes: (input - failed) * BYTES_PER_RECORD },
      recordSummary: { inputRecordCount: input, outputRecordCount: input - failed, failedRecordCount: failed },
      statusSummary: { status: run.status, ...(run.failure ? { errors: run.failure.errors } : {}) },
    },
    activities: activities(run, flow),
  }
}

/** `lastRunDetails` of a flow: its latest finished run (absent while none has finished). */
export function lastRunDetails(deps: PlatformDeps, flow: StoredFlow): Record<string, unknown> | undefined {
  const last = deps.state.runs
    .list(flow.imsOrgId, flow.sandboxName)
    .filter((r) => r.flowId === flow.id && FINAL.includes(r.status))
    .at(-1)
  return last === undefined
    ? undefined
    : { id: last.id, state: last.status, startedAtUTC: last.startedAtUTC, completedAtUTC: last.completedAtUTC }
}

export function deleteRunsOf(deps: PlatformDeps, flow: StoredFlow): void {
  for (const run of deps.state.runs.list(flow.imsOrgId, flow.sandboxName)) {
    if (run.flowId === flow.id) deps.state.runs.delete(run.imsOrgId, run.sandboxName, run.id)
  }
  deps.state.runFailures.delete(flow.id)
}

export function listRuns(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const runs = deps.state.runs.list(caller.orgId, caller.sandbox)
  const { reply, page } = listPage(ctx, caller, deps, {
    collection: 'runs',
    fields: RUN_FIELDS,
    items: runs.map((run) => runDto(deps, run)),
  })
  const shown = new Set(page.map((item) => item.id))
  for (const run of runs) if (shown.has(run.id)) countRead(deps, run)
  return reply
}

export function getRun(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const run = deps.state.runs.get(caller.orgId, caller.sandbox, id)
  if (run === undefined) return notFound(ctx.requestId)
  const reply = json(200, { items: [runDto(deps, run)] })
  countRead(deps, run)
  return reply
}
