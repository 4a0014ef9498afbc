/**
 * `/targetConnections` to the Data Lake (dataflow-notes §1.1 step 3; SPEC
 * CreateTargetConnectionRequest, TargetConnectionItemDTO). Documented rules: the Data Lake
 * connection spec id is fixed; `data.schema.version` "must be set
 * application/vnd.adobe.xed-full+json;version=1"; "An invalid dataset ID will result in an error"
 * (code and text undocumented: our choice). The spec requires only connectionSpec and data, so a
 * name is optional.
 */
import { DATA_LAKE_CONNECTION_SPEC_ID, XDM_FULL_CONTENT_TYPE } from './config.js'
import { FlowRequestError } from './errors.js'
import type { Fields } from './filter.js'
import { refuseIfInFlow } from './flow-usage.js'
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
import type { StoredTargetConnection } from './types.js'
import { invalidField, isObject, nonEmptyString, objectBody, requireFields, requireSpec } from './validate.js'

export const TARGET_CONNECTION_FIELDS: Fields = {
  ...RESOURCE_FIELDS,
  'connectionSpec.id': 'string',
  'data.schema.id': 'string',
  'params.dataSetId': 'string',
}

export function targetConnectionDto(t: StoredTargetConnection): Record<string, unknown> {
  return {
    ...resourceDtoHead(t),
    ...(t.name === undefined ? {} : { name: t.name }),
    ...(t.description === undefined ? {} : { description: t.description }),
    state: t.state,
    data: structuredClone(t.data),
    connectionSpec: { ...t.connectionSpec },
    params: structuredClone(t.params),
    version: t.etag,
    etag: t.etag,
  }
}

export function targetConnectionKind(deps: PlatformDeps): ResourceKind<StoredTargetConnection> {
  return {
    collection: 'targetConnections',
    store: deps.state.targetConnections,
    fields: TARGET_CONNECTION_FIELDS,
    toDto: targetConnectionDto,
  }
}

export function createTargetConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const body = objectBody(ctx)
  const connectionSpec = requireSpec(body.connectionSpec, DATA_LAKE_CONNECTION_SPEC_ID)
  const data = isObject(body.data) ? body.data : {}
  const schema = isObject(data.schema) ? data.schema : {}
  const params = isObject(body.params) ? body.params : {}
  requireFields([
    ...(nonEmptyString(schema.id) ? [] : ['data.schema.id']),
    ...(nonEmptyString(schema.version) ? [] : ['data.schema.version']),
    ...(nonEmptyString(params.dataSetId) ? [] : ['params.dataSetId']),
  ])
  for (const field of ['name', 'description'] as const) {
    if (body[field] !== undefined && typeof body[field] !== 'string') throw invalidField(field, 'it must be a string')
  }
  if (data.format !== undefined && typeof data.format !== 'string')
    throw invalidField('data.format', 'it must be a string')
  if (schema.version !== XDM_FULL_CONTENT_TYPE) {
    throw invalidField('data.schema.version', `it must be '${XDM_FULL_CONTENT_TYPE}'`)
  }
  const dataSetId = params.dataSetId as string
  if (deps.state.datasets.get(caller.orgId, caller.sandbox, dataSetId) === undefined) {
    throw new FlowRequestError(
      '1100',
      `The request could not be processed. The dataset ${dataSetId} does not exist in this sandbox. Provide a valid dataset ID and try again.`,
    )
  }

  const stored = deps.state.targetConnections.add({
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...ownedBy(caller),
    state: 'enabled',
    data: {
      ...(typeof data.format === 'string' ? { format: data.format } : {}),
      schema: { id: schema.id as string, version: XDM_FULL_CONTENT_TYPE },
    },
    params: { ...structuredClone(params), dataSetId },
    connectionSpec,
  })
  return createdReply(deps, 'targetConnections', stored)
}

/** PATCH on /name and /description (the schema and dataset stay: a new target is a new connection). */
export function patchTargetConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  return patchResource(ctx, caller, targetConnectionKind(deps), id, {
    rules: { allowed: [/^\/name$/, /^\/description$/] },
    nameRequired: false,
  })
}

export function deleteTargetConnection(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  return deleteResource(ctx, caller, targetConnectionKind(deps), id, () =>
    refuseIfInFlow(ctx, caller, deps, id, 'targetConnectionIds'),
  )
}
