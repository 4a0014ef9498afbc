/**
 * `/sourceConnections` (dataflow-notes §1.1 step 1; SPEC CreateSourceConnectionRequest,
 * SourceConnectionItemDTO). A HubSpot source connection names a base connection of the same
 * sandbox and one of its tables in `params.path` (the only form documented for HubSpot; the
 * generic `params.tableName`/`columns` form is refused, since HubSpot accepting it is undocumented).
 */
import { HUBSPOT_CONNECTION_SPEC_ID } from './config.js'
import { FlowRequestError } from './errors.js'
import { refuseIfInFlow } from './flow-usage.js'
import { CRM_TO_AEP_FLOW_SPEC } from './flow-spec.js'
import type { Fields } from './filter.js'
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
import { resourceDtoHead } from './store.js'
import type { StoredSourceConnection } from './types.js'
import { invalidField, isObject, nonEmptyString, objectBody, requireFields, requireSpec } from './validate.js'

export const SOURCE_CONNECTION_FIELDS: Fields = {
  ...RESOURCE_FIELDS,
  baseConnectionId: 'string',
  'connectionSpec.id': 'string',
  'data.format': 'string',
  'params.path': 'string',
  // Documented filter example (sort-and-filter.md); no HubSpot source connection has it.
  'params.tableName': 'string',
}

/** SourceConnectionItemDTO. `providerRefId` is HubSpot's provider id (our reading of the spec example). */
export function sourceConnectionDto(s: StoredSourceConnection): Record<string, unknown> {
  return {
    ...resourceDtoHead(s),
    name: s.name,
    ...(s.description === undefined ? {} : { description: s.description }),
    baseConnectionId: s.baseConnectionId,
    state: s.state,
    data: { ...s.data },
    connectionSpec: { ...s.connectionSpec },
    params: structuredClone(s.params),
    version: s.etag,
    etag: s.etag,
    providerRefId: CRM_TO_AEP_FLOW_SPEC.providerId,
    inheritedAttributes: { baseConnection: { id: s.baseConnectionId, connectionSpec: { ...s.connectionSpec } } },
  }
}

export function sourceConnectionKind(deps: PlatformDeps): ResourceKind<StoredSourceConnection> {
  return {
    collection: 'sourceConnections',
    store: deps.state.sourceConnections,
    fields: SOURCE_CONNECTION_FIELDS,
    toDto: sourceConnectionDto,
  }
}

/** The table path must be one the HubSpot source has (our code and text: undocumented). */
function requireTable(deps: PlatformDeps, path: unknown): void {
  if (!deps.config.tables.some((t) => t.path === path)) {
    throw invalidField('params.path', `'${String(path)}' is not a table of the source (see explore?objectType=root)`)
  }
}

export function createSourceConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const body = objectBody(ctx)
  const connectionSpec = requireSpec(body.connectionSpec, HUBSPOT_CONNECTION_SPEC_ID)
  const data = isObject(body.data) ? body.data : {}
  const params = isObject(body.params) ? body.params : {}
  requireFields([
    ...(nonEmptyString(body.name) ? [] : ['name']),
    ...(nonEmptyString(body.baseConnectionId) ? [] : ['baseConnectionId']),
    ...(nonEmptyString(data.format) ? [] : ['data.format']),
    ...(nonEmptyString(params.path) ? [] : ['params.path']),
  ])
  if (body.description !== undefined && typeof body.description !== 'string') {
    throw invalidField('description', 'it must be a string')
  }
  // The documented HubSpot example sends "tabular"; other formats belong to file sources.
  if (data.format !== 'tabular') throw invalidField('data.format', "a table source takes 'tabular'")

  const base = deps.state.connections.get(caller.orgId, caller.sandbox, body.baseConnectionId as string)
  if (base === undefined) {
    // Undocumented: our choice of 1100-400 (a 404 would read as "no such endpoint").
    throw new FlowRequestError(
      '1100',
      `The request could not be processed. The base connection ${String(body.baseConnectionId)} does not exist in this sandbox.`,
    )
  }
  if (base.connectionSpec.id !== connectionSpec.id) {
    throw invalidField('connectionSpec.id', 'it is not the connection spec of the base connection')
  }
  requireTable(deps, params.path)

  const stored = deps.state.sourceConnections.add({
    name: body.name as string,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...ownedBy(caller),
    baseConnectionId: base.id,
    state: 'enabled',
    data: { format: 'tabular' },
    params: structuredClone(params),
    connectionSpec,
  })
  return createdReply(deps, 'sourceConnections', stored)
}

/** PATCH on /name, /description and /params/path (a table of the source). */
export function patchSourceConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  return patchResource(ctx, caller, sourceConnectionKind(deps), id, {
    rules: { allowed: [/^\/name$/, /^\/description$/, /^\/params\/path$/] },
    finish: (draft) => {
      requireTable(deps, draft.params.path)
      return draft
    },
  })
}

export function deleteSourceConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  return deleteResource(ctx, caller, sourceConnectionKind(deps), id, () =>
    refuseIfInFlow(ctx, caller, deps, id, 'sourceConnectionIds'),
  )
}
