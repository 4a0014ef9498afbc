import * as z from '../../core/zod.js'
import { ActionError } from '../../core/errors.js'
import type { SecretRegistry } from '../../core/secrets.js'
import type { CreateLookup, Created, Sender } from '../../core/sender.js'
import { etag, uuid } from '../../core/server-values.js'
import { lazily } from '../../core/lazily.js'
import { unexpectedAnswer } from '../../core/service-client.js'
import { PlatformClient, platformService, type PlatformContext } from '../platform.js'

export const FLOW_SERVICE_PATH = '/data/foundation/flowservice'
/** Large pages keep a lookup to one call in every sandbox we have seen. */
const LOOKUP_PAGE_SIZE = 100
/** A runaway `next` chain must end: 100 pages of 100 are far more than a sandbox holds. */
const MAX_LOOKUP_PAGES = 100

/** The Flow Service collections the actions write to, and what messages call their items. */
export const COLLECTIONS = {
  connections: 'connection',
  sourceConnections: 'source connection',
  targetConnections: 'target connection',
  flows: 'flow',
  runs: 'run',
} as const
export type Collection = keyof typeof COLLECTIONS

/** A Flow Service resource as lists and reads show it: the fields every kind has, the rest kept. */
const resourceFields = () =>
  z.looseObject({
    id: uuid(),
    name: z.optional(z.string()),
    etag: z.optional(etag()),
    version: z.optional(etag()),
    state: z.optional(z.string()),
    connectionSpec: z.optional(z.partial(z.object({ id: z.string() }))),
    flowSpec: z.optional(z.partial(z.object({ id: z.string() }))),
  })
const resourceItem = () =>
  z.pipe(
    resourceFields(),
    z.transform(({ etag, version, name, ...rest }: z.output<ReturnType<typeof resourceFields>>) => ({
      ...rest,
      name: name ?? '',
      etag: etag ?? version ?? '',
    })),
  )
export type Resource = z.output<ReturnType<typeof resourceItem>>

const ListAnswer = lazily(() =>
  z.object({
    items: z.array(resourceItem()),
    _links: z.optional(z.partial(z.object({ next: z.optional(z.partial(z.object({ href: z.string() }))) }))),
  }),
)
const ReadAnswer = lazily(() =>
  z.object({ items: z.array(resourceItem()).check(z.minLength(1, 'no item in "items"')) }),
)
const WriteAnswer = lazily(() => z.object({ id: uuid(), etag: etag() }))
export type WriteResult = z.output<ReturnType<typeof WriteAnswer>>

export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove'
  path: string
  value?: unknown
}

/**
 * Flow Service calls, for any of its collections. It knows no source by name: callers hand it
 * spec ids, filters and bodies.
 */
export class FlowServiceClient extends PlatformClient {
  private readonly platformUrl: string
  private readonly baseUrl: string

  constructor(sender: Sender, secrets: SecretRegistry, context: PlatformContext) {
    super(platformService('Flow Service'), sender, secrets, context)
    this.platformUrl = context.platformUrl
    this.baseUrl = `${context.platformUrl}${FLOW_SERVICE_PATH}`
  }

  /**
   * Every item of `collection` that matches the `property` filters, all pages: follows
   * `_links.next.href`. Filters are fixed strings chosen by the caller (spec ids, UUIDs); names
   * are never put into a filter but compared by the caller, so no name can change a query.
   */
  async list(collection: Collection, filters: readonly string[]): Promise<Resource[]> {
    const query = [...filters.map((filter) => `property=${encodeURIComponent(filter)}`), `limit=${LOOKUP_PAGE_SIZE}`]
    const found: Resource[] = []
    const seen = new Set<string>()
    let url: string | undefined = `${this.baseUrl}/${collection}?${query.join('&')}`
    for (let page = 1; url; page++) {
      const operation = `list ${COLLECTIONS[collection]}s (GET /${collection}, page ${page})`
      if (page > MAX_LOOKUP_PAGES || seen.has(url)) {
        throw new ActionError(`the list of ${COLLECTIONS[collection]}s did not end after ${page - 1} pages`, {
          kind: 'unexpected',
          service: 'Flow Service',
          operation: `list ${COLLECTIONS[collection]}s (GET /${collection})`,
          hint: 'Re-run the job; if it happens again, report it with the request ids from the debug log.',
        })
      }
      seen.add(url)
      const answer = await this.send(this.platformCall({ operation, method: 'GET', url }), ListAnswer())
      found.push(...answer.items)
      url = this.nextPageUrl(answer._links?.next?.href, operation)
    }
    return found
  }

  /** The item of that id; an answer about another one is an unexpected answer, not a reading. */
  async get(collection: Collection, id: string): Promise<Resource> {
    const operation = `read ${COLLECTIONS[collection]} (GET /${collection}/${id})`
    const answer = await this.send(
      this.platformCall({ operation, method: 'GET', url: `${this.baseUrl}/${collection}/${encodeURIComponent(id)}` }),
      ReadAnswer(),
    )
    const [item] = answer.items
    if (item?.id !== id) {
      throw unexpectedAnswer(
        { service: 'Flow Service', operation },
        `it answered about ${COLLECTIONS[collection]} ${item?.id}, not ${id}`,
        200,
      )
    }
    return item
  }

  /** Creates at most once (see Sender.create): `lookup` finds a create whose answer was lost. */
  create(collection: Collection, body: unknown, lookup: CreateLookup<WriteResult>): Promise<Created<WriteResult>> {
    return this.sendCreate(
      this.platformCall({
        operation: `create ${COLLECTIONS[collection]} (POST /${collection})`,
        method: 'POST',
        url: `${this.baseUrl}/${collection}`,
        json: body,
      }),
      WriteAnswer(),
      lookup,
    )
  }

  /** A JSON Patch with If-Match: sending it twice cannot apply it twice (the etag has moved). */
  patch(collection: Collection, id: string, etag: string, operations: JsonPatchOperation[]): Promise<WriteResult> {
    return this.send(
      this.platformCall({
        operation: `update ${COLLECTIONS[collection]} (PATCH /${collection}/${id})`,
        method: 'PATCH',
        url: `${this.baseUrl}/${collection}/${encodeURIComponent(id)}`,
        headers: { 'if-match': etag },
        json: operations,
      }),
      WriteAnswer(),
    )
  }

  /** What a base connection can read: `objectType=root` lists its top-level objects. */
  explore<S extends z.core.$ZodType>(
    connectionId: string,
    query: Record<string, string>,
    schema: S,
  ): Promise<z.output<S>> {
    return this.send(
      this.platformCall({
        operation: `explore connection (GET /connections/${connectionId}/explore)`,
        method: 'GET',
        url: `${this.baseUrl}/connections/${encodeURIComponent(connectionId)}/explore?${new URLSearchParams(query)}`,
      }),
      schema,
    )
  }

  /**
   * The next page's URL from `_links.next.href`; an absolute one must stay on the platform's
   * origin, so credentials never leave it. A path is resolved as Flow Service means it, also when
   * `platform-url` has a path of its own (a gateway's, `https://gateway.example/adobe`):
   * - `/data/foundation/flowservice/…`, Flow Service's own path: under `platform-url`, unless the
   *   gateway already put its path in front;
   * - any other `/…` (`/connections?continuationToken=…`): under the Flow Service base path;
   * - a relative href: relative to the base path.
   */
  private nextPageUrl(href: string | undefined, operation: string): string | undefined {
    if (!href) return undefined
    const basePath = new URL(this.baseUrl).pathname
    let next: URL
    try {
      if (href.startsWith(`${basePath}/`) || !href.startsWith('/') || href.startsWith('//')) {
        next = new URL(href, `${this.baseUrl}/`)
      } else if (href.startsWith(`${FLOW_SERVICE_PATH}/`)) {
        next = new URL(`${this.platformUrl}${href}`)
      } else {
        next = new URL(`${this.baseUrl}${href}`)
      }
    } catch {
      throw unexpectedAnswer({ service: 'Flow Service', operation }, "the next page's link is not a URL", 200)
    }
    if (next.origin !== new URL(this.baseUrl).origin) {
      throw unexpectedAnswer(
        { service: 'Flow Service', operation },
        `the next page is on another origin (${next.origin}); it is not followed`,
        200,
      )
    }
    return next.toString()
  }
}
