/**
 * `GET /connections/{id}/explore` (dataflow-notes §1.1 step 0): `objectType=root` lists the
 * HubSpot tables, `objectType=table&object=<path>` describes one (`preview=true` adds rows).
 * The spec's enum spells the types in capitals (ROOT, TABLE), the tutorials in lower case: both
 * are accepted. Answers only when the stored HubSpot app credentials and refresh token are the
 * ones the HubSpot emulator accepts (as if Flow Service connected to HubSpot).
 */
import { FlowRequestError, invalidRequest, notFound } from './errors.js'
import type { Caller } from './gateway.js'
import { rootObjects, tableDescription } from './hubspot-tables.js'
import type { PlatformDeps } from './platform-state.js'
import { parsePairs } from './query.js'
import { json, type Reply, type RequestContext } from './reply.js'

export function exploreConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const { pairs } = parsePairs(ctx.rawQuery)
  const param = (key: string): string | undefined => pairs.find(([k]) => k === key)?.[1]
  const objectType = param('objectType')?.toLowerCase()
  if (objectType !== 'root' && objectType !== 'table') {
    throw new FlowRequestError('1451', 'Invalid params objectType provided in query params.')
  }
  const object = param('object')
  if (objectType === 'table' && (object === undefined || object === '')) {
    throw new FlowRequestError('1451', 'Invalid params object provided in query params.')
  }
  const stored = deps.state.connections.get(caller.orgId, caller.sandbox, id)
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
  if (objectType === 'root') return json(200, rootObjects(deps.config.tables))

  const table = deps.config.tables.find((t) => t.path === object)
  if (table === undefined) {
    // Not documented by Adobe: what exploring a table the source does not have answers. Our
    // choice: the provider-error form of 1100-400, which the catalog uses for provider failures.
    return invalidRequest(
      ctx.requestId,
      '1100',
      `The request could not be processed. Error from flow provider: The table '${object}' was not found in the source.`,
    )
  }
  return json(200, tableDescription(table, param('preview') === 'true'))
}
