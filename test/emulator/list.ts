/**
 * `GET` on a Flow Service collection (flow-service-notes §1.5, dataflow-notes §6): `property`
 * filters, `orderby`, `limit`, `count`, and `_links.next.href` carrying a continuation token.
 * Shared by /connections, /sourceConnections, /targetConnections, /flows and /runs; filters and
 * order see the items as the API shows them (the DTOs).
 */
import type { ResolvedConfig } from './config.js'
import type { ContinuationCodec, PageState } from './continuation.js'
import { FlowRequestError } from './errors.js'
import { comparator, matches, parseCondition, parseOrderBy, type Fields } from './filter.js'
import type { Caller } from './gateway.js'
import { parsePairs } from './query.js'
import { json, type Reply, type RequestContext } from './reply.js'

export interface ListDeps {
  config: ResolvedConfig
  continuation: ContinuationCodec
}

export interface ListSpec {
  /** Path segment of the collection, e.g. 'flows' (also what the continuation token is bound to). */
  collection: string
  /** Fields `property=` and `orderby=` accept. */
  fields: Fields
  /** Every item of the caller's sandbox, in creation order. */
  items: Array<Record<string, unknown>>
}

const LIST_PARAMS = new Set(['property', 'limit', 'orderby', 'continuationToken', 'count'])

interface ListQuery {
  state: PageState
  /** `count=true`: answer `{"count": N}` only. */
  count: boolean
}

/** The list query from fresh parameters, or from a continuation token (which then wins). */
function listQuery(ctx: RequestContext, caller: Caller, deps: ListDeps, collection: string): ListQuery {
  const { pairs, malformed } = parsePairs(ctx.rawQuery)
  if (malformed) throw new FlowRequestError('1453', 'Invalid query value provided in query param.')
  const unknown = pairs.find(([key]) => !LIST_PARAMS.has(key))
  if (unknown) throw new FlowRequestError('1451', `Invalid params ${unknown[0]} provided in query params.`)
  const last = (key: string): string | undefined => pairs.filter(([k]) => k === key).at(-1)?.[1]

  const token = last('continuationToken')
  if (token !== undefined) {
    const state = deps.continuation.decode(token)
    if (state === undefined || state.sandbox !== caller.sandbox || (state.collection ?? 'connections') !== collection) {
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
    ...(collection === 'connections' ? {} : { collection }),
    sandbox: caller.sandbox,
    properties: pairs.filter(([k]) => k === 'property').map(([, v]) => v),
    ...(orderby === undefined ? {} : { orderby }),
    pageSize: limitText === undefined ? deps.config.pageSize : Number(limitText),
    offset: 0,
  }
  return { state, count: countText === 'true' }
}

/** The answer, and the items on the page it returns (none for `count=true`). */
export function listPage(
  ctx: RequestContext,
  caller: Caller,
  deps: ListDeps,
  spec: ListSpec,
): { reply: Reply; page: Array<Record<string, unknown>> } {
  const { state, count } = listQuery(ctx, caller, deps, spec.collection)
  const conditions = state.properties.map((p) => parseCondition(p, spec.fields))
  const order =
    state.orderby === undefined ? [{ field: 'createdAt', descending: false }] : parseOrderBy(state.orderby, spec.fields)

  // Items come in creation order and sort() is stable, so ties keep creation order.
  const selected = spec.items.filter((item) => conditions.every((c) => matches(item, c))).sort(comparator(order))
  if (count) return { reply: json(200, { count: selected.length }), page: [] }

  const end = state.offset + state.pageSize
  const page = selected.slice(state.offset, end)
  const body: Record<string, unknown> = { items: page }
  if (end < selected.length) {
    // Relative to the base path; carries ONLY the token, which encodes the whole query.
    const token = deps.continuation.encode({ ...state, offset: end })
    body._links = { next: { href: `/${spec.collection}?continuationToken=${token}` } }
  }
  return { reply: json(200, body), page }
}
