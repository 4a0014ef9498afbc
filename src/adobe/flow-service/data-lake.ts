import * as z from '../../core/zod.js'
import { lazily } from '../../core/lazily.js'
import { requireDatasetId, XDM_FULL_CONTENT_TYPE } from '../catalog.js'
import type { Resource } from './client.js'
import type { ResourceKind } from './ensure-one.js'

/** "The fixed connection spec ID associated to the Data Lake": the target of every table flow. */
export const DATA_LAKE_CONNECTION_SPEC = { id: 'c604ff05-7f1a-43c0-8e18-33bf874cb11c', version: '1.0' } as const

/** The body of `POST /targetConnections` to a Data Lake dataset. */
export interface TargetConnectionBody {
  name: string
  data: { schema: { id: string; version: typeof XDM_FULL_CONTENT_TYPE } }
  params: { dataSetId: string }
  connectionSpec: typeof DATA_LAKE_CONNECTION_SPEC
}

const TargetDataset = lazily(() => z.object({ params: z.object({ dataSetId: z.string() }) }))
const TargetSchema = lazily(() => z.object({ data: z.object({ schema: z.object({ id: z.string() }) }) }))

/**
 * Data Lake target connections to one dataset: the spec and the dataset as fixed filters (the
 * dataset id is checked first: a comma in a filter value would make it several), both checked
 * again on every listed item.
 */
export function dataLakeTargets(datasetId: string): ResourceKind {
  requireDatasetId(datasetId)
  return {
    collection: 'targetConnections',
    filters: [`connectionSpec.id==${DATA_LAKE_CONNECTION_SPEC.id}`, `params.dataSetId==${datasetId}`],
    belongs: (resource) =>
      resource.connectionSpec?.id === DATA_LAKE_CONNECTION_SPEC.id && targetDatasetId(resource) === datasetId,
  }
}

/** The dataset a listed or read target connection writes to, if it says. */
export function targetDatasetId(resource: Resource): string | undefined {
  return TargetDataset().safeParse(resource).data?.params.dataSetId
}

/** The XDM schema a listed or read target connection names, if it says. */
export function targetSchemaId(resource: Resource): string | undefined {
  return TargetSchema().safeParse(resource).data?.data.schema.id
}

export function targetConnectionBody(name: string, schemaId: string, datasetId: string): TargetConnectionBody {
  return {
    name,
    data: { schema: { id: schemaId, version: XDM_FULL_CONTENT_TYPE } },
    params: { dataSetId: datasetId },
    connectionSpec: DATA_LAKE_CONNECTION_SPEC,
  }
}
