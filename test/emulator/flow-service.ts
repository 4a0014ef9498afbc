/**
 * Routing under `/data/foundation/flowservice` (after the gateway checks, see platform.ts).
 * Trailing slashes are accepted on item paths (the spec itself uses `/connections/{id}/`).
 * FlowRequestErrors thrown by the handlers become FLOW-<code>-<status> "Invalid request" bodies.
 */
import { HUBSPOT_CONNECTION_SPEC } from './connection-spec.js'
import { createConnection, deleteConnection, getConnection, listConnections, patchConnection } from './connections.js'
import { FlowRequestError, flowError, notFound } from './errors.js'
import { exploreConnection } from './explore.js'
import { matches, parseCondition } from './filter.js'
import { CRM_TO_AEP_FLOW_SPEC } from './flow-spec.js'
import { createFlow, deleteFlow, flowKind, patchFlow } from './flows.js'
import type { Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import { parsePairs } from './query.js'
import { json, type Reply, type RequestContext } from './reply.js'
import { getRun, listRuns } from './runs.js'
import { readVerbs } from './resources.js'
import {
  createSourceConnection,
  deleteSourceConnection,
  patchSourceConnection,
  sourceConnectionKind,
} from './source-connections.js'
import {
  createTargetConnection,
  deleteTargetConnection,
  patchTargetConnection,
  targetConnectionKind,
} from './target-connections.js'

type Handle = (ctx: RequestContext, caller: Caller, deps: PlatformDeps) => Reply
type HandleItem = (ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string) => Reply

/** The verbs of one collection: on the collection (GET, POST) and on an item (GET, PATCH, DELETE). */
interface Collection {
  list?: Handle
  create?: Handle
  get?: HandleItem
  patch?: HandleItem
  delete?: HandleItem
}

const COLLECTIONS: Readonly<Record<string, Collection>> = {
  connections: {
    list: listConnections,
    create: createConnection,
    get: getConnection,
    patch: patchConnection,
    delete: deleteConnection,
  },
  sourceConnections: {
    ...readVerbs(sourceConnectionKind),
    create: createSourceConnection,
    patch: patchSourceConnection,
    delete: deleteSourceConnection,
  },
  targetConnections: {
    ...readVerbs(targetConnectionKind),
    create: createTargetConnection,
    patch: patchTargetConnection,
    delete: deleteTargetConnection,
  },
  flows: { ...readVerbs(flowKind), create: createFlow, patch: patchFlow, delete: deleteFlow },
  runs: { list: listRuns, get: getRun },
}

/** `GET /<specs>[?property=…]` and `GET /<specs>/{id}`: the one spec the emulator knows. */
function specs(ctx: RequestContext, spec: { id: string; name: string }, id: string | undefined): Reply {
  if (id !== undefined) return id === spec.id ? json(200, { items: [spec] }) : notFound(ctx.requestId)
  const conditions = parsePairs(ctx.rawQuery)
    .pairs.filter(([k]) => k === 'property')
    .map(([, v]) => parseCondition(v, { id: 'string', name: 'string' }))
  return json(200, { items: [spec].filter((s) => conditions.every((c) => matches(s, c))) })
}

function route(ctx: RequestContext, caller: Caller, deps: PlatformDeps, parts: string[]): Reply {
  const [name, id, sub, ...more] = parts
  const m = ctx.method
  if (more.length > 0 || id === '' || name === undefined) return notFound(ctx.requestId)

  const collection = Object.hasOwn(COLLECTIONS, name) ? COLLECTIONS[name] : undefined
  if (collection !== undefined && id === undefined) {
    const handle = m === 'GET' ? collection.list : m === 'POST' ? collection.create : undefined
    if (handle) return handle(ctx, caller, deps)
  } else if (collection !== undefined && id !== undefined && sub === undefined) {
    const handle =
      m === 'GET' ? collection.get : m === 'PATCH' ? collection.patch : m === 'DELETE' ? collection.delete : undefined
    if (handle) return handle(ctx, caller, deps, id)
  }
  if (name === 'connections' && id !== undefined && sub === 'explore' && m === 'GET') {
    return exploreConnection(ctx, caller, deps, id)
  }
  if (sub === undefined && m === 'GET') {
    if (name === 'connectionSpecs') return specs(ctx, HUBSPOT_CONNECTION_SPEC, id)
    if (name === 'flowSpecs') return specs(ctx, CRM_TO_AEP_FLOW_SPEC, id)
  }
  return notFound(ctx.requestId, `The requested resource ${m} ${ctx.path} is not found.`)
}

export function flowServiceRoute(ctx: RequestContext, caller: Caller, deps: PlatformDeps, parts: string[]): Reply {
  try {
    return route(ctx, caller, deps, parts)
  } catch (error) {
    if (error instanceof FlowRequestError) {
      return flowError(ctx.requestId, error.code, error.status, 'Invalid request', error.message)
    }
    throw error
  }
}
