/**
 * Base-connection operations of Flow Service (flow-service-notes §1.4–§1.8, §2). Each function
 * gets a request that already passed the gateway, and returns a Reply; validation failures deep
 * inside are thrown as FlowRequestError and turned into FLOW bodies by the router.
 */
import { HUBSPOT_AUTH_SPEC_NAME, HUBSPOT_CONNECTION_SPEC_ID, REQUIRED_AUTH_PARAMS } from './config.js'
import { invalidRequest } from './errors.js'
import type { Fields } from './filter.js'
import { refuseIfBaseInFlow } from './flow-usage.js'
import type { Caller } from './gateway.js'
import { CONNECTION_PATCH } from './patch.js'
import type { PlatformDeps } from './platform-state.js'
import type { Reply, RequestContext } from './reply.js'
import {
  createdReply,
  deleteResource,
  getResource,
  listResources,
  ownedBy,
  patchResource,
  RESOURCE_FIELDS,
  type ResourceKind,
} from './resources.js'
import { toDto } from './store.js'
import type { StoredConnection } from './types.js'
import { invalidField, isObject, nonEmptyString, objectBody, requireFields, requireSpec } from './validate.js'

/** Fields `property=` and `orderby=` accept for connections. */
export const CONNECTION_FIELDS: Fields = { ...RESOURCE_FIELDS, 'connectionSpec.id': 'string' }

/** Who changes a connection's state "on its own" (also what setConnectionState records). */
export const SERVICE_CLIENT = 'exc_app'

export function connectionKind(deps: PlatformDeps): ResourceKind<StoredConnection> {
  return { collection: 'connections', store: deps.state.connections, fields: CONNECTION_FIELDS, toDto }
}

export function listConnections(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  return listResources(ctx, caller, deps, connectionKind(deps))
}

// ---------------------------------------------------------------------------------------------
// POST /connections

export function createConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const body = objectBody(ctx)
  const connectionSpec = requireSpec(body.connectionSpec, HUBSPOT_CONNECTION_SPEC_ID)

  const auth = isObject(body.auth) ? body.auth : {}
  if (nonEmptyString(auth.specName) && auth.specName !== HUBSPOT_AUTH_SPEC_NAME) {
    return invalidRequest(
      ctx.requestId,
      '1415',
      `The auth spec '${auth.specName}' could not be found for the connection spec ID ${HUBSPOT_CONNECTION_SPEC_ID}.`,
    )
  }

  // Name the missing fields, never their values. (The real error text is undocumented.)
  const params = isObject(auth.params) ? auth.params : {}
  requireFields([
    ...(nonEmptyString(body.name) ? [] : ['name']),
    ...(nonEmptyString(auth.specName) ? [] : ['auth.specName']),
    ...REQUIRED_AUTH_PARAMS.filter((k) => !nonEmptyString(params[k])).map((k) => `auth.params.${k}`),
  ])
  if (body.description !== undefined && typeof body.description !== 'string') {
    throw invalidField('description', 'it must be a string')
  }

  const { state, enabledAfterReads } = deps.config.newConnections
  const stored = deps.state.connections.add({
    name: body.name as string,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...ownedBy(caller),
    state,
    auth: {
      specName: HUBSPOT_AUTH_SPEC_NAME,
      params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string')),
    },
    connectionSpec,
  })
  if (enabledAfterReads !== undefined) deps.state.connectionStates.schedule(stored.id, 'enabled', enabledAfterReads)
  return createdReply(deps, 'connections', stored)
}

// ---------------------------------------------------------------------------------------------
// GET, PATCH, DELETE /connections/{id}[/]

/** Counts the read for a pending state change, which this read shows once its countdown is over. */
export function getConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const store = deps.state.connections
  const current = store.get(caller.orgId, caller.sandbox, id)
  const next = current === undefined ? undefined : deps.state.connectionStates.read(id)
  if (current !== undefined && next !== undefined) store.update(current, { ...current, state: next }, SERVICE_CLIENT)
  return getResource(ctx, caller, connectionKind(deps), id)
}

export function patchConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  return patchResource(ctx, caller, connectionKind(deps), id, CONNECTION_PATCH)
}

/** Refused with 1418-400 while a flow reads from a source connection of this base connection. */
export function deleteConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const reply = deleteResource(ctx, caller, connectionKind(deps), id, () => refuseIfBaseInFlow(ctx, caller, deps, id))
  if (reply.status === 204) deps.state.connectionStates.cancel(id)
  return reply
}
