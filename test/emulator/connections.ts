/**
 * Base-connection operations of Flow Service (flow-service-notes §1.4–§1.8, §2). Each function
 * gets a request that already passed the gateway, and returns a Reply; validation failures deep
 * inside are thrown as FlowRequestError and turned into FLOW bodies by the router.
 */
import {
  BASE_PATH,
  HUBSPOT_AUTH_SPEC_NAME,
  HUBSPOT_CONNECTION_SPEC_ID,
  REQUIRED_AUTH_PARAMS,
  type ResolvedConfig,
} from './config.js'
import { HUBSPOT_ROOT_OBJECTS } from './connection-spec.js'
import type { ContinuationCodec, PageState } from './continuation.js'
import { FlowRequestError, flowError, invalidRequest, notFound } from './errors.js'
import { comparator, matches, parseCondition, parseOrderBy, type Fields } from './filter.js'
import type { Caller } from './gateway.js'
import { applyPatch } from './patch.js'
import { parsePairs } from './query.js'
import { empty, header, json, type Reply, type RequestContext } from './reply.js'
import { toDto, unquoteEtag, type ConnectionStore } from './store.js'

export interface ConnectionDeps {
  config: ResolvedConfig
  store: ConnectionStore
  continuation: ContinuationCodec
  /** The platform listener's origin, for `Location` headers. */
  platformUrl: () => string
}

/** Fields `property=` and `orderby=` accept for connections. */
export const CONNECTION_FIELDS: Fields = {
  id: 'string',
  name: 'string',
  description: 'string',
  'connectionSpec.id': 'string',
  state: 'string',
  createdAt: 'number',
  updatedAt: 'number',
}

const LIST_PARAMS = new Set(['property', 'limit', 'orderby', 'continuationToken', 'count'])

/** The parsed JSON body, or undefined when it is empty or not JSON. */
function jsonBody(ctx: RequestContext): unknown {
  if (ctx.body.trim() === '') return undefined
  try {
    return JSON.parse(ctx.body) as unknown
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== ''

const emptyBody = (ctx: RequestContext): Reply =>
  invalidRequest(
    ctx.requestId,
    '1405',
    'The request body cannot be null or empty. Please provide a request body and try again.',
  )

// ---------------------------------------------------------------------------------------------
// GET /connections

interface ListQuery {
  state: PageState
  /** `count=true`: answer `{"count": N}` only. */
  count: boolean
}

/** The list query from fresh parameters, or from a continuation token (which then wins). */
function listQuery(ctx: RequestContext, caller: Caller, deps: ConnectionDeps): ListQuery {
  const { pairs, malformed } = parsePairs(ctx.rawQuery)
  if (malformed) throw new FlowRequestError('1453', 'Invalid query value provided in query param.')
  const unknown = pairs.find(([key]) => !LIST_PARAMS.has(key))
  if (unknown) throw new FlowRequestError('1451', `Invalid params ${unknown[0]} provided in query params.`)
  const last = (key: string): string | undefined => pairs.filter(([k]) => k === key).at(-1)?.[1]

  const token = last('continuationToken')
  if (token !== undefined) {
    const state = deps.continuation.decode(token)
    if (state === undefined || state.sandbox !== caller.sandbox) {
      throw new FlowRequestError('1451', 'Invalid params continuationToken provided in query params.')
    }
    return { state, count: false }
  }

  const countText = last('count')
  if (countText !== undefined && countText !== 'true' && countText !== 'false') {
    throw new FlowRequestError('1452', `Invalid value ${countText} for field count.`)
  }
  const limitText = last('limit')
  if (countText === 'true' && limitText !== undefined) {
    throw new FlowRequestError(
      '1401',
      'The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again.',
    )
  }
  if (limitText !== undefined && (!/^\d+$/.test(limitText) || Number(limitText) < 1)) {
    throw new FlowRequestError('1452', `Invalid value ${limitText} for field limit.`)
  }
  const orderby = last('orderby')
  const state: PageState = {
    sandbox: caller.sandbox,
    properties: pairs.filter(([k]) => k === 'property').map(([, v]) => v),
    ...(orderby === undefined ? {} : { orderby }),
    pageSize: limitText === undefined ? deps.config.pageSize : Number(limitText),
    offset: 0,
  }
  return { state, count: countText === 'true' }
}

export function listConnections(ctx: RequestContext, caller: Caller, deps: ConnectionDeps): Reply {
  const { state, count } = listQuery(ctx, caller, deps)
  const conditions = state.properties.map((p) => parseCondition(p, CONNECTION_FIELDS))
  const order =
    state.orderby === undefined
      ? [{ field: 'createdAt', descending: false }]
      : parseOrderBy(state.orderby, CONNECTION_FIELDS)

  // The store lists in creation order and sort() is stable, so ties keep creation order.
  const selected = deps.store
    .list(caller.orgId, caller.sandbox)
    .filter((c) => conditions.every((condition) => matches(c, condition)))
    .sort(comparator(order))
  if (count) return json(200, { count: selected.length })

  const end = state.offset + state.pageSize
  const body: Record<string, unknown> = { items: selected.slice(state.offset, end).map(toDto) }
  if (end < selected.length) {
    // Relative to the base path; carries ONLY the token, which encodes the whole query.
    body._links = {
      next: { href: `/connections?continuationToken=${deps.continuation.encode({ ...state, offset: end })}` },
    }
  }
  return json(200, body)
}

// ---------------------------------------------------------------------------------------------
// POST /connections

export function createConnection(ctx: RequestContext, caller: Caller, deps: ConnectionDeps): Reply {
  const body = jsonBody(ctx)
  if (!isObject(body)) return emptyBody(ctx)

  const spec = body.connectionSpec
  const version = isObject(spec) ? (spec.version ?? '1.0') : undefined
  if (!isObject(spec) || spec.id !== HUBSPOT_CONNECTION_SPEC_ID || version !== '1.0') {
    return invalidRequest(
      ctx.requestId,
      '1413',
      'The spec ID provided is invalid. Please provide a valid spec ID and try again.',
    )
  }

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
  const missing = [
    ...(nonEmptyString(body.name) ? [] : ['name']),
    ...(nonEmptyString(auth.specName) ? [] : ['auth.specName']),
    ...REQUIRED_AUTH_PARAMS.filter((k) => !nonEmptyString(params[k])).map((k) => `auth.params.${k}`),
  ]
  if (missing.length > 0) {
    return invalidRequest(
      ctx.requestId,
      '1100',
      `The request could not be processed. Missing required field(s): ${missing.join(', ')}.`,
    )
  }
  if (body.description !== undefined && typeof body.description !== 'string') {
    return invalidRequest(ctx.requestId, '1100', 'The request could not be processed. Invalid field: description.')
  }

  const stored = deps.store.add({
    name: body.name as string,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    sandboxName: caller.sandbox,
    imsOrgId: caller.orgId,
    state: 'enabled',
    auth: {
      specName: HUBSPOT_AUTH_SPEC_NAME,
      params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string')),
    },
    connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
    // For service (S2S) tokens, createdBy is the same as createdClient.
    createdBy: caller.clientId,
    updatedBy: caller.clientId,
    createdClient: caller.clientId,
    updatedClient: caller.clientId,
  })
  return json(
    201,
    { id: stored.id, etag: stored.etag },
    { location: `${deps.platformUrl()}${BASE_PATH}/connections/${stored.id}` },
  )
}

// ---------------------------------------------------------------------------------------------
// GET, PATCH, DELETE /connections/{id}[/]

export function getConnection(ctx: RequestContext, caller: Caller, deps: ConnectionDeps, id: string): Reply {
  const stored = deps.store.get(caller.orgId, caller.sandbox, id)
  return stored === undefined ? notFound(ctx.requestId) : json(200, { items: [toDto(stored)] })
}

export function patchConnection(ctx: RequestContext, caller: Caller, deps: ConnectionDeps, id: string): Reply {
  const ifMatch = header(ctx, 'if-match')
  if (ifMatch === undefined) {
    return flowError(
      ctx.requestId,
      '1403',
      400,
      'Header is missing',
      "The header 'If-Match' is missing in the request. Please provide the header and try again.",
    )
  }
  const instructions = jsonBody(ctx)
  if (instructions === undefined) return emptyBody(ctx)

  const current = deps.store.get(caller.orgId, caller.sandbox, id)
  if (current === undefined) return notFound(ctx.requestId)
  // Accept the etag with or without its literal surrounding quotes.
  if (unquoteEtag(ifMatch) !== unquoteEtag(current.etag)) {
    return flowError(
      ctx.requestId,
      '1404',
      412,
      'Version not matching',
      `The supplied version '${ifMatch}' does not match the current version on entity '${current.etag}'. Please ensure that the supplied version matches the current version on entity and try again.`,
    )
  }
  const updated = deps.store.update(current, applyPatch(current, instructions), caller.clientId)
  return json(200, { id: updated.id, etag: updated.etag })
}

export function deleteConnection(ctx: RequestContext, caller: Caller, deps: ConnectionDeps, id: string): Reply {
  return deps.store.delete(caller.orgId, caller.sandbox, id) ? empty(204) : notFound(ctx.requestId)
}

// ---------------------------------------------------------------------------------------------
// GET /connections/{id}/explore?objectType=root

/**
 * Lists HubSpot's root objects, but only when the stored HubSpot app credentials and refresh
 * token are the ones the HubSpot emulator accepts (as if Flow Service connected to HubSpot).
 */
export function exploreConnection(ctx: RequestContext, caller: Caller, deps: ConnectionDeps, id: string): Reply {
  const { pairs } = parsePairs(ctx.rawQuery)
  const objectType = pairs.find(([k]) => k === 'objectType')?.[1]
  if (objectType !== 'root') throw new FlowRequestError('1451', 'Invalid params objectType provided in query params.')
  const stored = deps.store.get(caller.orgId, caller.sandbox, id)
  if (stored === undefined) return notFound(ctx.requestId)

  const { clientId, clientSecret, refreshToken } = stored.auth.params
  const hubspot = deps.config.hubspot
  if (clientId !== hubspot.clientId || clientSecret !== hubspot.clientSecret || refreshToken !== hubspot.refreshToken) {
    return invalidRequest(
      ctx.requestId,
      '1100',
      "The request could not be processed. Error from flow provider: The source could not be reached with the stored credentials. Verify the connection's auth params and try again.",
    )
  }
  return json(200, HUBSPOT_ROOT_OBJECTS)
}
