/**
 * Data Prep mapping sets under `/data/foundation/conversion` (dataflow-notes §1.1 step 4 and the
 * addendum). Documented: `POST /mappingSets` with `{outputSchema:{schemaRef:{id,contentType}},
 * mappings:[{sourceType,source,destination}]}` → 200 `{id, version, …}`; `POST /mappingSets/validate`
 * (→ `validationResponse[].status`); `GET /mappingSets?limit=&start=&name=` (start and limit
 * required; answer `{"data":[…]}`; `orderBy` on createdDate/updatedDate); `GET /mappingSets/{id}
 * ?version=N`; `PUT /mappingSets/{id}` keeps the id and raises the version; a mapping sent with
 * sourceType 'ATTRIBUTE' reads back as 'text/x.schema-path'; wrong sourceType values "can render
 * your mapping sets uneditable".
 *
 * Our choice: the validation entry shape `{source, destination, sourceType, status:
 * 'SUCCESS'|'ERROR', errors?:[{code,message}]}`; that create and PUT refuse destinations the
 * schema lacks (400) but accept any sourceType, and that PUT refuses to edit a set whose current
 * version has a sourceType other than ATTRIBUTE/EXPRESSION (our concrete reading of
 * "uneditable"); the `_page` of the list; error bodies MAPPER-1400-400 / MAPPER-1404-404.
 */
import { randomBytes } from 'node:crypto'
import { XDM_FULL_CONTENT_TYPE } from './config.js'
import { schemaFields } from './catalog.js'
import { serviceError } from './errors.js'
import type { Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import { parsePairs } from './query.js'
import { json, type Reply, type RequestContext } from './reply.js'
import { timestamp } from './store.js'
import type { StoredMapping, StoredMappingSet, StoredMappingSetVersion } from './types.js'
import { isObject, jsonBody, nonEmptyString } from './validate.js'

export const SOURCE_TYPES = ['ATTRIBUTE', 'EXPRESSION'] as const
const READ_BACK: Readonly<Record<string, string>> = { ATTRIBUTE: 'text/x.schema-path' }

const hex32 = (): string => randomBytes(16).toString('hex')
const badRequest = (ctx: RequestContext, detail: string): Reply =>
  serviceError('MAPPER', ctx.requestId, '1400', 400, 'Bad Request', detail)
const notFound = (ctx: RequestContext, detail: string): Reply =>
  serviceError('MAPPER', ctx.requestId, '1404', 404, 'Not Found', detail)

interface MappingSetInput {
  name?: string
  outputSchema: StoredMappingSetVersion['outputSchema']
  mappings: Array<Omit<StoredMapping, 'id'>>
  /** The schema's XDM paths. */
  fields: Set<string>
}

/** The body's mapping set, or the 400 that says what is wrong with it. */
function parseInput(ctx: RequestContext, caller: Caller, deps: PlatformDeps): MappingSetInput | Reply {
  const body = jsonBody(ctx)
  if (!isObject(body)) return badRequest(ctx, 'The request body must be a JSON object.')
  const schemaRef =
    isObject(body.outputSchema) && isObject(body.outputSchema.schemaRef) ? body.outputSchema.schemaRef : {}
  if (!nonEmptyString(schemaRef.id)) return badRequest(ctx, 'outputSchema.schemaRef.id is required.')
  if (schemaRef.contentType !== XDM_FULL_CONTENT_TYPE) {
    return badRequest(ctx, `outputSchema.schemaRef.contentType must be '${XDM_FULL_CONTENT_TYPE}'.`)
  }
  if (!Array.isArray(body.mappings) || body.mappings.length === 0) {
    return badRequest(ctx, 'mappings must be a non-empty array.')
  }
  const mappings: MappingSetInput['mappings'] = []
  for (const [i, m] of body.mappings.entries()) {
    if (!isObject(m) || !nonEmptyString(m.sourceType) || !nonEmptyString(m.source) || !nonEmptyString(m.destination)) {
      return badRequest(ctx, `mappings[${i}] needs string sourceType, source and destination.`)
    }
    mappings.push({
      sourceType: m.sourceType,
      source: m.source,
      destination: m.destination,
      ...(typeof m.name === 'string' ? { name: m.name } : {}),
      ...(typeof m.description === 'string' ? { description: m.description } : {}),
    })
  }
  const fields = schemaFields(deps, caller, schemaRef.id)
  if (fields === undefined) return badRequest(ctx, `The schema ${schemaRef.id} was not found in this sandbox.`)
  return {
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    outputSchema: { schemaRef: { id: schemaRef.id, contentType: XDM_FULL_CONTENT_TYPE } },
    mappings,
    fields,
  }
}

/** What is wrong with one mapping against the schema (empty: nothing). */
function mappingErrors(m: Omit<StoredMapping, 'id'>, fields: Set<string>): Array<{ code: string; message: string }> {
  return [
    ...((SOURCE_TYPES as readonly string[]).includes(m.sourceType)
      ? []
      : [
          {
            code: 'INVALID_SOURCE_TYPE',
            message: `sourceType '${m.sourceType}' is not one of ${SOURCE_TYPES.join(', ')}.`,
          },
        ]),
    ...(fields.has(m.destination)
      ? []
      : [
          {
            code: 'INVALID_DESTINATION',
            message: `destination '${m.destination}' is not a field of the output schema.`,
          },
        ]),
  ]
}

/** Whether a stored version would pass validation (flows refuse the others with 1419). */
export function versionIsValid(version: StoredMappingSetVersion): boolean {
  return version.mappings.every((m) => (SOURCE_TYPES as readonly string[]).includes(m.sourceType))
}

function unknownDestinations(ctx: RequestContext, input: MappingSetInput): Reply | undefined {
  const unknown = input.mappings.filter((m) => !input.fields.has(m.destination)).map((m) => m.destination)
  return unknown.length === 0
    ? undefined
    : badRequest(ctx, `Destination(s) not in the output schema: ${unknown.join(', ')}.`)
}

function newVersion(input: MappingSetInput, version: number, clientId: string): StoredMappingSetVersion {
  return {
    version,
    outputSchema: input.outputSchema,
    mappings: input.mappings.map((m) => ({ id: hex32(), ...m })),
    createdDate: timestamp(),
    createdBy: clientId,
  }
}

function versionDto(set: StoredMappingSet, v: StoredMappingSetVersion): Record<string, unknown> {
  return {
    id: set.id,
    version: v.version,
    createdDate: set.createdDate,
    modifiedDate: v.createdDate,
    createdBy: set.createdBy,
    modifiedBy: v.createdBy,
    ...(set.name === undefined ? {} : { name: set.name }),
    outputSchema: structuredClone(v.outputSchema),
    mappings: v.mappings.map((m) => ({ ...m, sourceType: READ_BACK[m.sourceType] ?? m.sourceType })),
  }
}

/** The stored version of a mapping set (latest when `version` is undefined). */
export function findVersion(
  deps: PlatformDeps,
  caller: Caller,
  id: string,
  version?: number,
): { set: StoredMappingSet; version: StoredMappingSetVersion } | undefined {
  const set = deps.state.mappingSets.get(caller.orgId, caller.sandbox, id)
  const found = set === undefined ? undefined : version === undefined ? set.versions.at(-1) : set.versions[version]
  return set === undefined || found === undefined ? undefined : { set, version: found }
}

function create(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const input = parseInput(ctx, caller, deps)
  if ('status' in input) return input
  const refused = unknownDestinations(ctx, input)
  if (refused) return refused
  const first = newVersion(input, 0, caller.clientId)
  const set = deps.state.mappingSets.set({
    id: hex32(),
    sandboxName: caller.sandbox,
    imsOrgId: caller.orgId,
    ...(input.name === undefined ? {} : { name: input.name }),
    versions: [first],
    createdDate: first.createdDate,
    modifiedDate: first.createdDate,
    createdBy: caller.clientId,
    modifiedBy: caller.clientId,
  })
  const { id, version, createdDate, modifiedDate, createdBy, modifiedBy } = versionDto(set, first)
  return json(200, { id, version, createdDate, modifiedDate, createdBy, modifiedBy })
}

function validate(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const input = parseInput(ctx, caller, deps)
  if ('status' in input) return input
  return json(200, {
    validationResponse: input.mappings.map((m) => {
      const errors = mappingErrors(m, input.fields)
      return {
        source: m.source,
        destination: m.destination,
        sourceType: m.sourceType,
        status: errors.length === 0 ? 'SUCCESS' : 'ERROR',
        ...(errors.length === 0 ? {} : { errors }),
      }
    }),
  })
}

function update(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const current = findVersion(deps, caller, id)
  if (current === undefined) return notFound(ctx, `The mapping set ${id} was not found.`)
  if (!versionIsValid(current.version)) {
    return badRequest(ctx, `The mapping set ${id} cannot be edited: its mappings carry an unsupported sourceType.`)
  }
  const input = parseInput(ctx, caller, deps)
  if ('status' in input) return input
  const refused = unknownDestinations(ctx, input)
  if (refused) return refused
  const next = newVersion(input, current.version.version + 1, caller.clientId)
  const set = deps.state.mappingSets.set({
    ...current.set,
    ...(input.name === undefined ? {} : { name: input.name }),
    versions: [...current.set.versions, next],
    modifiedDate: next.createdDate,
    modifiedBy: caller.clientId,
  })
  return json(200, versionDto(set, next))
}

function read(ctx: RequestContext, caller: Caller, deps: PlatformDeps, id: string): Reply {
  const text = parsePairs(ctx.rawQuery).pairs.find(([k]) => k === 'version')?.[1]
  if (text !== undefined && !/^\d+$/.test(text)) return badRequest(ctx, `Invalid version '${text}'.`)
  const found = findVersion(deps, caller, id, text === undefined ? undefined : Number(text))
  if (found === undefined) {
    return notFound(ctx, `The mapping set ${id}${text === undefined ? '' : ` version ${text}`} was not found.`)
  }
  return json(200, versionDto(found.set, found.version))
}

function list(ctx: RequestContext, caller: Caller, deps: PlatformDeps): Reply {
  const pairs = new Map(parsePairs(ctx.rawQuery).pairs)
  const start = pairs.get('start')
  const limit = pairs.get('limit')
  if (start === undefined || limit === undefined || !/^\d+$/.test(start) || !/^[1-9]\d*$/.test(limit)) {
    return badRequest(ctx, 'The query parameters start (0 or more) and limit (1 or more) are required.')
  }
  const orderBy = pairs.get('orderBy')?.trim() // a raw '+' arrives form-decoded as a space
  const key = orderBy?.replace(/^[+-]/, '')
  if (key !== undefined && key !== 'createdDate' && key !== 'updatedDate') {
    return badRequest(ctx, 'orderBy supports only createdDate and updatedDate.')
  }
  const name = pairs.get('name')
  const sets = deps.state.mappingSets
    .list(caller.orgId, caller.sandbox)
    .filter((s) => name === undefined || s.name === name)
  if (key !== undefined) {
    const field = key === 'createdDate' ? 'createdDate' : 'modifiedDate'
    const sign = orderBy?.startsWith('-') ? -1 : 1
    sets.sort((a, b) => sign * (a[field] - b[field]))
  }
  const page = sets.slice(Number(start), Number(start) + Number(limit))
  return json(200, {
    data: page.map((s) => versionDto(s, s.versions.at(-1)!)),
    _page: { count: sets.length },
  })
}

/** Routes below `/data/foundation/conversion`. */
export function dataPrepRoute(ctx: RequestContext, caller: Caller, deps: PlatformDeps, parts: string[]): Reply {
  const [collection, id, ...more] = parts
  const m = ctx.method
  if (collection === 'mappingSets' && more.length === 0 && id !== '') {
    if (id === undefined) {
      if (m === 'GET') return list(ctx, caller, deps)
      if (m === 'POST') return create(ctx, caller, deps)
    } else if (id === 'validate') {
      if (m === 'POST') return validate(ctx, caller, deps)
    } else if (m === 'GET') {
      return read(ctx, caller, deps, id)
    } else if (m === 'PUT') {
      return update(ctx, caller, deps, id)
    }
  }
  return notFound(ctx, `The resource ${m} ${ctx.path} was not found.`)
}
