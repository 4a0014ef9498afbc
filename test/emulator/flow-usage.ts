/**
 * Which flows use a resource, and the documented refusals to delete one in use:
 * 1418-400 for a base connection (flow-service-notes §1.7) and 1447-400 "Found active flows
 * containing id …" for a source or target connection (dataflow-notes §1.2; applied here is our reading).
 */
import { invalidRequest } from './errors.js'
import type { Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import type { Reply, RequestContext } from './reply.js'
import type { StoredFlow } from './types.js'

export function flowsUsing(
  deps: PlatformDeps,
  caller: Caller,
  field: 'sourceConnectionIds' | 'targetConnectionIds',
  ids: ReadonlySet<string>,
): StoredFlow[] {
  return deps.state.flows.list(caller.orgId, caller.sandbox).filter((f) => f[field].some((id) => ids.has(id)))
}

export function refuseIfInFlow(
  ctx: RequestContext,
  caller: Caller,
  deps: PlatformDeps,
  id: string,
  field: 'sourceConnectionIds' | 'targetConnectionIds',
): Reply | undefined {
  const flows = flowsUsing(deps, caller, field, new Set([id]))
  return flows.length === 0
    ? undefined
    : invalidRequest(
        ctx.requestId,
        '1447',
        `Found active flows containing id ${id}: ${flows.map((f) => f.id).join(', ')}.`,
      )
}

export function refuseIfBaseInFlow(
  ctx: RequestContext,
  caller: Caller,
  deps: PlatformDeps,
  id: string,
): Reply | undefined {
  const sources = deps.state.sourceConnections
    .list(caller.orgId, caller.sandbox)
    .filter((s) => s.baseConnectionId === id)
  return flowsUsing(deps, caller, 'sourceConnectionIds', new Set(sources.map((s) => s.id))).length === 0
    ? undefined
    : invalidRequest(
        ctx.requestId,
        '1418',
        `The base connection with the ID ${id} cannot be deleted because the base connection is being used in one or more flows. Delete the flows first and try again.`,
      )
}
