/**
 * Catalog Service datasets under `/data/foundation/catalog` (dataflow-notes §1.1 step 2).
 * Documented: `GET /dataSets/{id}` answers an object keyed by the id, with `name` and
 * `schemaRef {id, contentType}`; `?properties=a,b` returns only those properties; ids are 24 hex
 * characters. Our choice: the other fields' values, and the 404 body (CAT-1404-404; Catalog's
 * error bodies are not in the notes). Datasets are only seeded (emulator.seedDataset and the demo
 * dataset): the product is not expected to create them.
 */
import { randomBytes } from 'node:crypto'
import { XDM_FULL_CONTENT_TYPE } from './config.js'
import { DEMO } from './demo.js'
import { serviceError } from './errors.js'
import type { Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import { parsePairs } from './query.js'
import { json, type Reply, type RequestContext } from './reply.js'
import { sandboxId, timestamp } from './store.js'
import type { SeedDatasetInput, StoredDataset } from './types.js'

const DATASET_ID = /^[0-9a-f]{24}$/
/** Who "created" seeded datasets (a UI user, as for seeded connections). */
const SEED_CLIENT = 'exc_app'

export function datasetDto(d: StoredDataset): Record<string, unknown> {
  return {
    name: d.name,
    ...(d.description === undefined ? {} : { description: d.description }),
    imsOrg: d.imsOrgId,
    sandboxId: sandboxId(d.imsOrgId, d.sandboxName),
    tags: {},
    version: '1.0.0',
    created: d.created,
    updated: d.updated,
    createdClient: SEED_CLIENT,
    createdUser: SEED_CLIENT,
    updatedUser: SEED_CLIENT,
    schemaRef: { ...d.schemaRef },
    files: `@/dataSetFiles?dataSetId=${d.id}`,
  }
}

/** Adds a dataset to one sandbox; throws for a malformed or taken id. */
export function seedDataset(deps: Pick<PlatformDeps, 'state'>, orgId: string, input: SeedDatasetInput): StoredDataset {
  const sandbox = input.sandbox ?? 'prod'
  const id = input.id ?? randomBytes(12).toString('hex')
  if (!DATASET_ID.test(id)) throw new Error(`seedDataset: id '${id}' is not 24 lowercase hex characters`)
  if (deps.state.datasets.get(orgId, sandbox, id) !== undefined) {
    throw new Error(`seedDataset: dataset ${id} already exists in '${sandbox}'`)
  }
  const now = timestamp()
  return deps.state.datasets.set({
    id,
    sandboxName: sandbox,
    imsOrgId: orgId,
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    schemaRef: {
      id: input.schemaId ?? `https://ns.adobe.com/emulatordemo/schemas/${randomBytes(20).toString('hex')}`,
      contentType: XDM_FULL_CONTENT_TYPE,
    },
    schemaFields: [...(input.schemaFields ?? DEMO.dataset.schemaFields)],
    created: now,
    updated: now,
  })
}

/** The demo dataset, in every configured sandbox. */
export function seedDemoDatasets(deps: Pick<PlatformDeps, 'state' | 'config'>): void {
  for (const sandbox of deps.config.adobe.sandboxes) {
    seedDataset(deps, deps.config.adobe.orgId, {
      sandbox,
      id: DEMO.dataset.id,
      name: DEMO.dataset.name,
      schemaId: DEMO.dataset.schemaId,
      schemaFields: DEMO.dataset.schemaFields,
    })
  }
}

/** The XDM paths of a schema, as far as the sandbox's datasets tell; undefined when no dataset uses it. */
export function schemaFields(deps: PlatformDeps, caller: Caller, schemaId: string): Set<string> | undefined {
  const datasets = deps.state.datasets.list(caller.orgId, caller.sandbox).filter((d) => d.schemaRef.id === schemaId)
  return datasets.length === 0 ? undefined : new Set(datasets.flatMap((d) => d.schemaFields))
}

const catalogNotFound = (ctx: RequestContext, what: string): Reply =>
  serviceError('CAT', ctx.requestId, '1404', 404, 'Not Found', `${what} was not found.`)

/** Routes below `/data/foundation/catalog`: only `GET /dataSets/{id}`. */
export function catalogRoute(ctx: RequestContext, caller: Caller, deps: PlatformDeps, parts: string[]): Reply {
  const [collection, id, ...more] = parts
  if (ctx.method !== 'GET' || collection !== 'dataSets' || id === undefined || id === '' || more.length > 0) {
    return catalogNotFound(ctx, `The resource ${ctx.method} ${ctx.path}`)
  }
  const dataset = deps.state.datasets.get(caller.orgId, caller.sandbox, id)
  if (dataset === undefined) return catalogNotFound(ctx, `The dataset ${id}`)

  const dto = datasetDto(dataset)
  const properties = parsePairs(ctx.rawQuery)
    .pairs.filter(([k]) => k === 'properties')
    .flatMap(([, v]) => v.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '')
  const shown =
    properties.length === 0 ? dto : Object.fromEntries(Object.entries(dto).filter(([k]) => properties.includes(k)))
  return json(200, { [dataset.id]: shown })
}
