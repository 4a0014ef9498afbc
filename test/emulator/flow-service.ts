/**
 * The platform listener: gateway checks, then routing under `/data/foundation/flowservice`.
 * Trailing slashes are accepted on item paths (the spec itself uses `/connections/{id}/`).
 */
import { BASE_PATH, HUBSPOT_CONNECTION_SPEC_ID } from './config.js'
import { HUBSPOT_CONNECTION_SPEC } from './connection-spec.js'
import {
  createConnection,
  deleteConnection,
  exploreConnection,
  getConnection,
  listConnections,
  patchConnection,
  type ConnectionDeps,
} from './connections.js'
import { FlowRequestError, flowError, notFound } from './errors.js'
import { matches, parseCondition } from './filter.js'
import { checkGateway, isReply, type Caller } from './gateway.js'
import { parsePairs } from './query.js'
import { json, type Handler, type Reply, type RequestContext } from './reply.js'
import type { TokenStore } from './tokens.js'

export interface FlowServiceDeps extends ConnectionDeps {
  tokens: TokenStore
}

/** Path segments below the base path, percent-decoded; undefined when outside it. */
function segments(path: string): string[] | undefined {
  if (path !== BASE_PATH && !path.startsWith(`${BASE_PATH}/`)) return undefined
  const parts = path.slice(BASE_PATH.length).split('/').slice(1)
  if (parts.length > 1 && parts.at(-1) === '') parts.pop() // one trailing slash
  return parts.map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return p
    }
  })
}

/** `GET /connectionSpecs[?property=…]` and `GET /connectionSpecs/{id}`: only HubSpot's is known. */
function connectionSpecs(ctx: RequestContext, id: string | undefined): Reply {
  if (id !== undefined) {
    return id === HUBSPOT_CONNECTION_SPEC_ID ? json(200, { items: [HUBSPOT_CONNECTION_SPEC] }) : notFound(ctx.requestId)
  }
  const conditions = parsePairs(ctx.rawQuery)
    .pairs.filter(([k]) => k === 'property')
    .map(([, v]) => parseCondition(v, { id: 'string', name: 'string' }))
  const items = [HUBSPOT_CONNECTION_SPEC].filter((spec) => conditions.every((c) => matches(spec, c)))
  return json(200, { items })
}

function route(ctx: RequestContext, caller: Caller, deps: FlowServiceDeps): Reply {
  const parts = segments(ctx.path)
  const [collection, id, sub, ...more] = parts ?? []
  const m = ctx.method
  if (parts === undefined || more.length > 0 || id === '') return notFound(ctx.requestId)

  if (collection === 'connections') {
    if (id === undefined) {
      if (m === 'GET') return listConnections(ctx, caller, deps)
      if (m === 'POST') return createConnection(ctx, caller, deps)
    } else if (sub === undefined) {
      if (m === 'GET') return getConnection(ctx, caller, deps, id)
      if (m === 'PATCH') return patchConnection(ctx, caller, deps, id)
      if (m === 'DELETE') return deleteConnection(ctx, caller, deps, id)
    } else if (sub === 'explore' && m === 'GET') {
      return exploreConnection(ctx, caller, deps, id)
    }
  } else if (collection === 'connectionSpecs' && sub === undefined && m === 'GET') {
    return connectionSpecs(ctx, id)
  }
  return notFound(ctx.requestId, `The requested resource ${m} ${ctx.path} is not found.`)
}

export function flowServiceHandler(deps: FlowServiceDeps): Handler {
  return (ctx) => {
    const caller = checkGateway(ctx, deps.config.adobe, deps.tokens)
    if (isReply(caller)) return caller
    try {
      return route(ctx, caller, deps)
    } catch (error) {
      if (error instanceof FlowRequestError) {
        return flowError(ctx.requestId, error.code, error.status, 'Invalid request', error.message)
      }
      throw error
    }
  }
}
