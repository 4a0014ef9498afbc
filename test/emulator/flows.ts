/**
 * `/flows` (dataflow-notes §1.1 step 5 and "Day-2 calls"; SPEC CreateFlowRequest, FlowItemDTO):
 * create under the CRMToAEP rules (flow-rules.ts), read with `lastRunDetails`, list, PATCH under
 * If-Match on /name, /description, /scheduleParams/… and /transformations/… (re-checked as on
 * create), DELETE. Documented: `state` in a create is 1410-400; a missing flow is FLOW-1439-404
 * (labels tutorial). Our choice: a new flow is 'enabled'; `lastOperation.updated` counts the
 * updates (the spec: "the number of times … updated"); deleting a flow deletes its runs.
 */
import { CRM_TO_AEP_FLOW_SPEC_ID } from './config.js'
import { FlowRequestError, resourceNotFound } from './errors.js'
import type { Fields } from './filter.js'
import { checkConnections, checkSchedule, checkTransformations } from './flow-rules.js'
import type { Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import type { Reply, RequestContext } from './reply.js'
import {
  createdReply,
  deleteResource,
  ownedBy,
  patchResource,
  RESOURCE_FIELDS,
  type ResourceKind,
} from './resources.js'
import { deleteRunsOf, lastRunDetails, scheduleRun } from './runs.js'
import { resourceDtoHead, timestamp } from './store.js'
import type { StoredFlow } from './types.js'
import { invalidField, nonEmptyString, objectBody, requireFields, requireSpec } from './validate.js'

export const FLOW_FIELDS: Fields = {
  ...RESOURCE_FIELDS,
  'flowSpec.id': 'string',
  'sourceConnectionIds[]': 'string',
  'targetConnectionIds[]': 'string',
  'lastRunDetails.state': 'caseless',
  'lastRunDetails.startedAtUTC': 'number',
}

const PATCH_PATHS = [
  /^\/name$/,
  /^\/description$/,
  /^\/scheduleParams(\/[^/]+)?$/,
  /^\/transformations(\/(\d+|-))?$/,
  /^\/transformations\/\d+\/params(\/[^/]+)?$/,
  /^\/transformations\/\d+\/params\/deltaColumn\/[^/]+$/,
]

function flowDto(deps: PlatformDeps, f: StoredFlow): Record<string, unknown> {
  const { sourceConnections, targetConnections, connections } = deps.state
  const last = lastRunDetails(deps, f)
  return {
    ...resourceDtoHead(f),
    name: f.name,
    ...(f.description === undefined ? {} : { description: f.description }),
    flowSpec: { ...f.flowSpec },
    state: f.state,
    version: f.etag,
    etag: f.etag,
    sourceConnectionIds: [...f.sourceConnectionIds],
    targetConnectionIds: [...f.targetConnectionIds],
    inheritedAttributes: {
      sourceConnections: f.sourceConnectionIds.map((id) => {
        const source = sourceConnections.get(f.imsOrgId, f.sandboxName, id)
        const base = source && connections.get(f.imsOrgId, f.sandboxName, source.baseConnectionId)
        return {
          id,
          ...(source ? { connectionSpec: { ...source.connectionSpec } } : {}),
          ...(base ? { baseConnection: { id: base.id, connectionSpec: { ...base.connectionSpec } } } : {}),
        }
      }),
      targetConnections: f.targetConnectionIds.map((id) => {
        const target = targetConnections.get(f.imsOrgId, f.sandboxName, id)
        return { id, ...(target ? { connectionSpec: { ...target.connectionSpec } } : {}) }
      }),
    },
    scheduleParams: structuredClone(f.scheduleParams),
    transformations: structuredClone(f.transformations),
    runs: `/runs?property=flowId==${f.id}`,
    lastOperation: { ...f.lastOperation },
    ...(last === undefined ? {} : { lastRunDetails: last }),
  }
}

export function flowKind(deps: PlatformDeps): ResourceKind<StoredFlow> {
  return {
    collection: 'flows',
    store: deps.state.flows,
    fields: FLOW_FIELDS,
    toDto: (f) => flowDto(deps, f),
    notFound: (requestId, id) => resourceNotFound(requestId, 'flows', id),
  }
}

export function createFlow(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const body = objectBody(ctx)
  if (body.state !== undefined) {
    throw new FlowRequestError('1410', '`State` is not allowed in the create flow request.')
  }
  const flowSpec = requireSpec(body.flowSpec, CRM_TO_AEP_FLOW_SPEC_ID)
  requireFields(nonEmptyString(body.name) ? [] : ['name'])
  if (body.description !== undefined && typeof body.description !== 'string') {
    throw invalidField('description', 'it must be a string')
  }
  const { sourceConnectionIds, targetConnectionIds, targets } = checkConnections(deps, caller, body)
  const transformations = checkTransformations(deps, caller, body.transformations, targets)
  const scheduleParams = checkSchedule(body.scheduleParams)

  const now = timestamp()
  const flow = deps.state.flows.add({
    name: body.name as string,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...ownedBy(caller),
    state: 'enabled',
    flowSpec,
    sourceConnectionIds,
    targetConnectionIds,
    transformations,
    scheduleParams,
    lastOperation: { started: now, updated: 0, operation: 'create' },
  })
  if (deps.state.nextFlowFailure !== undefined) {
    deps.state.runFailures.set(flow.id, deps.state.nextFlowFailure)
    deps.state.nextFlowFailure = undefined
  }
  scheduleRun(deps, flow)
  return createdReply(deps, 'flows', flow)
}

export function patchFlow(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  return patchResource(ctx, caller, flowKind(deps), id, {
    rules: { allowed: PATCH_PATHS },
    finish: (draft, current): StoredFlow => {
      const { targets } = checkConnections(deps, caller, draft as unknown as Record<string, unknown>)
      return {
        ...draft,
        transformations: checkTransformations(deps, caller, draft.transformations, targets),
        scheduleParams: checkSchedule(draft.scheduleParams),
        lastOperation: { started: timestamp(), updated: current.lastOperation.updated + 1, operation: 'update' },
      }
    },
  })
}

export function deleteFlow(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const flow = deps.state.flows.get(caller.orgId, caller.sandbox, id)
  const reply = deleteResource(ctx, caller, flowKind(deps), id)
  if (flow !== undefined && reply.status === 204) deleteRunsOf(deps, flow)
  return reply
}
