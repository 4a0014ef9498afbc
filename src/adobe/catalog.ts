import * as z from '../core/zod.js'
import { nonEmptyText } from '../core/server-values.js'
import { ActionError } from '../core/errors.js'
import { lazily } from '../core/lazily.js'
import type { SecretRegistry } from '../core/secrets.js'
import type { Sender } from '../core/sender.js'
import { unexpectedAnswer } from '../core/service-client.js'
import { PlatformClient, platformService, type PlatformContext } from './platform.js'

export const CATALOG_PATH = '/data/foundation/catalog'
/** The content type of a full XDM schema: what datasets, mapping sets and target connections name. */
export const XDM_FULL_CONTENT_TYPE = 'application/vnd.adobe.xed-full+json;version=1'
/** A Catalog dataset id: 24 hexadecimal characters (Catalog writes them in lower case). */
export const DATASET_ID = /^[0-9a-f]{24}$/i

export interface Dataset {
  /** As Catalog keys its answer: the form to use in filters and bodies. */
  id: string
  name: string
  schemaRef: { id: string; contentType: string }
}

/**
 * The dataset id, checked before it goes into a URL or a Flow Service filter (where a comma
 * would turn one value into several).
 */
export function requireDatasetId(id: string): string {
  if (DATASET_ID.test(id)) return id
  throw new ActionError(`dataset-id is not a Catalog dataset id: ${JSON.stringify(id)}`, {
    kind: 'input',
    hint: "Set dataset-id to the dataset's id, 24 hexadecimal characters (the Datasets page of the Experience Platform UI lists them).",
  })
}

/** `GET /dataSets/{id}` answers an object keyed by the id. */
const DatasetsAnswer = lazily(() => z.record(z.string(), z.unknown()))
const DatasetEntry = lazily(() =>
  z.object({
    name: z.string(),
    schemaRef: z.object({ id: nonEmptyText(), contentType: nonEmptyText() }),
  }),
)
const HasSchemaId = lazily(() => z.object({ schemaRef: z.object({ id: nonEmptyText() }) }))

/** Catalog Service: reads the dataset a flow writes to, and the XDM schema it holds. */
export class CatalogClient extends PlatformClient {
  private readonly baseUrl: string

  constructor(sender: Sender, secrets: SecretRegistry, context: PlatformContext) {
    super(platformService('Catalog'), sender, secrets, context)
    this.baseUrl = `${context.platformUrl}${CATALOG_PATH}`
  }

  /** The dataset of that id (in either case: Catalog's ids are lower case, and the id is sent so). */
  async getDataset(datasetId: string): Promise<Dataset> {
    const id = requireDatasetId(datasetId).toLowerCase()
    const request = { service: this.service.name, operation: `read dataset (GET /dataSets/${id})` }
    const sandbox = this.context.sandboxName
    const answer = await this.send(
      this.platformCall({
        operation: request.operation,
        method: 'GET',
        url: `${this.baseUrl}/dataSets/${encodeURIComponent(id)}?properties=name,schemaRef`,
        // A 404 about the sandbox keeps the parser's hint; any other 404 is about the dataset.
        refine: (details, response) =>
          response.status === 404 && details.hint === undefined
            ? {
                ...details,
                message: details.message ?? `the dataset ${id} was not found`,
                hint: `Check dataset-id: there is no dataset ${id} in sandbox "${sandbox}". The Datasets page of the Experience Platform UI lists the ids of a sandbox's datasets.`,
              }
            : details,
      }),
      DatasetsAnswer(),
    )
    const keys = Object.keys(answer)
    const [key] = keys
    if (keys.length !== 1 || key !== id) {
      throw unexpectedAnswer(
        request,
        // Server text is shown only when it has the shape of an id.
        `it is about ${keys.map((k) => (DATASET_ID.test(k) ? k : 'a key that is no dataset id')).join(', ') || 'no dataset'}, not ${id}`,
      )
    }
    const entry = answer[key]
    if (!HasSchemaId().safeParse(entry).success) {
      const error = unexpectedAnswer(request, `the dataset ${id} has no schemaRef.id`)
      throw new ActionError(error.message, {
        ...error.facts,
        hint: `The dataset ${id} has no XDM schema: choose a dataset created from an XDM schema (or create one from the schema the mappings write to) and set dataset-id to it.`,
      })
    }
    const decoded = DatasetEntry().safeParse(entry)
    if (!decoded.success) {
      const [issue] = decoded.error.issues
      throw unexpectedAnswer(request, `at ${[key, ...(issue?.path ?? [])].map(String).join('.')}, ${issue?.message}`)
    }
    return { id: key, name: decoded.data.name, schemaRef: decoded.data.schemaRef }
  }
}
