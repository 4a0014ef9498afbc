/**
 * The verbs every Flow Service resource shares (connections, source and target connections,
 * flows): read one as `{"items":[…]}`, list, answer a create with 201 `{id, etag}` + Location,
 * PATCH under If-Match, DELETE → 204. Documented for connections (flow-service-notes §1.4–§1.8)
 * and, where the spec repeats them, for the other collections; applied alike (our reading).
 */
import { BASE_PATH } from './config.js'
import { flowError, notFound } from './errors.js'
import type { Fields } from './filter.js'
import type { Caller } from './gateway.js'
import { applyJsonPatch, checkPatchedText, type PatchRules } from './json-patch.js'
import { listPage, type ListDeps } from './list.js'
import type { PlatformDeps } from './platform-state.js'
import { empty, header, json, type Reply, type RequestContext } from './reply.js'
import { unquoteEtag, type ScopedStore } from './store.js'
import type { FlowResourceFields } from './types.js'
import { emptyBodyError, jsonBody } from './validate.js'

/** Filter and order fields every Flow Service resource has (the documented connection ones). */
export const RESOURCE_FIELDS: Fields = {
  id: 'string',
  name: 'string',
  description: 'string',
  state: 'string',
  createdAt: 'number',
  updatedAt: 'number',
}

export interface ResourceKind<T extends FlowResourceFields> {
  /** Path segment under the Flow Service base path, e.g. 'sourceConnections'. */
  collection: string
  store: ScopedStore<T>
  fields: Fields
  toDto: (record: T) => Record<string, unknown>
  /** The 404 for an unknown id (default FLOW-1101-404). */
  notFound?: (requestId: string, id: string) => Reply
}

export interface ResourceDeps extends ListDeps {
  /** The platform listener's origin, for `Location` headers. */
  platformUrl: () => string
}

/**
 * Where a new resource lives and who made it. For service (S2S) tokens, createdBy is the same as
 * createdClient (SPEC ConnectionItemDTO).
 */
export function ownedBy(caller: Caller): Omit<FlowResourceFields, 'id' | 'etag' | 'createdAt' | 'updatedAt'> {
  return {
    sandboxName: caller.sandbox,
    imsOrgId: caller.orgId,
    createdBy: caller.clientId,
    updatedBy: caller.clientId,
    createdClient: caller.clientId,
    updatedClient: caller.clientId,
  }
}

function missing<T extends FlowResourceFields>(ctx: RequestContext, kind: ResourceKind<T>, id: string): Reply {
  return kind.notFound ? kind.notFound(ctx.requestId, id) : notFound(ctx.requestId)
}

export function listResources<T extends FlowResourceFields>(
  ctx: RequestContext,
  caller: Caller,
  deps: ListDeps,
  kind: ResourceKind<T>,
): Reply {
  const items = kind.store.list(caller.orgId, caller.sandbox).map(kind.toDto)
  return listPage(ctx, caller, deps, { collection: kind.collection, fields: kind.fields, items }).reply
}

/** `GET /<collection>/{id}` → `{"items":[dto]}` (a one-element list, as for connections). */
export function getResource<T extends FlowResourceFields>(
  ctx: RequestContext,
  caller: Caller,
  kind: ResourceKind<T>,
  id: string,
): Reply {
  const stored = kind.store.get(caller.orgId, caller.sandbox, id)
  return stored === undefined ? missing(ctx, kind, id) : json(200, { items: [kind.toDto(stored)] })
}

/** The list and read verbs of a collection whose reads have no side effect. */
export function readVerbs<T extends FlowResourceFields>(kind: (deps: PlatformDeps) => ResourceKind<T>) {
  return {
    list: (ctx: RequestContext, caller: Caller, deps: PlatformDeps) => listResources(ctx, caller, deps, kind(deps)),
    get: (ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string) =>
      getResource(ctx, caller, kind(deps), id),
  }
}

/** 201 `{id, etag}` with the new resource's URL in `Location`. */
export function createdReply(deps: ResourceDeps, collection: string, stored: FlowResourceFields): Reply {
  return json(
    201,
    { id: stored.id, etag: stored.etag },
    { location: `${deps.platformUrl()}${BASE_PATH}/${collection}/${stored.id}` },
  )
}

/** How a resource takes JSON Patch: the paths allowed, and what the result must still satisfy. */
export interface PatchSpec<T> {
  rules: PatchRules
  /** Whether the result needs a name (default true); a description must be a string anyway. */
  nameRequired?: boolean
  /** Further checks (throwing a FlowRequestError) and derived changes; returns the record to store. */
  finish?: (draft: T, current: T) => T
}

/**
 * `PATCH /<collection>/{id}`: If-Match is required (1403-400) and must carry the current etag,
 * with or without its literal quotes (else 1404-412); the instructions are applied per `spec`,
 * whose failures are thrown as FlowRequestError. Answers `{id, etag}` with the new etag.
 */
export function patchResource<T extends FlowResourceFields>(
  ctx: RequestContext,
  caller: Caller,
  kind: ResourceKind<T>,
  id: string,
  spec: PatchSpec<T>,
): Reply {
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
  if (instructions === undefined) throw emptyBodyError()

  const current = kind.store.get(caller.orgId, caller.sandbox, id)
  if (current === undefined) return missing(ctx, kind, id)
  if (unquoteEtag(ifMatch) !== unquoteEtag(current.etag)) {
    return flowError(
      ctx.requestId,
      '1404',
      412,
      'Version not matching',
      `The supplied version '${ifMatch}' does not match the current version on entity '${current.etag}'. Please ensure that the supplied version matches the current version on entity and try again.`,
    )
  }
  const draft = applyJsonPatch(current, instructions, spec.rules)
  checkPatchedText(draft, spec.nameRequired ?? true)
  const updated = kind.store.update(current, spec.finish ? spec.finish(draft, current) : draft, caller.clientId)
  return json(200, { id: updated.id, etag: updated.etag })
}

/**
 * `DELETE /<collection>/{id}` → 204 with an empty body; no If-Match (documented for connections).
 * `guard` may refuse (e.g. still used by a flow) by returning or throwing the error.
 */
export function deleteResource<T extends FlowResourceFields>(
  ctx: RequestContext,
  caller: Caller,
  kind: ResourceKind<T>,
  id: string,
  guard?: (record: T) => Reply | undefined,
): Reply {
  const current = kind.store.get(caller.orgId, caller.sandbox, id)
  if (current === undefined) return missing(ctx, kind, id)
  const refused = guard?.(current)
  if (refused) return refused
  kind.store.delete(caller.orgId, caller.sandbox, id)
  return empty(204)
}
