import { ActionError } from '../../core/errors.js'
import type { Created } from '../../core/sender.js'
import {
  COLLECTIONS,
  type Collection,
  type FlowServiceClient,
  type JsonPatchOperation,
  type Resource,
  type WriteResult,
} from './client.js'

/**
 * A kind of Flow Service resource the actions keep exactly one of per name: where it lives, the
 * fixed filters that narrow the list, and what else an item must be to count (the server may
 * ignore a filter, so it is checked again here).
 */
export interface ResourceKind {
  collection: Collection
  /** `property` filters of fixed values (spec ids, UUIDs), never a name. */
  filters: readonly string[]
  belongs(resource: Resource): boolean
}

/** How long the step looks for a create that got no answer, within the deadline. */
const LOOK_FOR_UNANSWERED_CREATE_MS = 30_000

/**
 * "Exactly one by name" for any Flow Service resource kind: find every item of that name (all
 * pages, name matched exactly here), create once (a create whose answer was lost is found and
 * adopted, never sent blind), update with If-Match and one re-read on a stale etag.
 */
export class FlowResources {
  constructor(
    private readonly client: FlowServiceClient,
    private readonly log: (line: string) => void,
  ) {}

  async findNamed(kind: ResourceKind, name: string): Promise<Resource[]> {
    const items = await this.client.list(kind.collection, kind.filters)
    return items.filter((item) => item.name === name && kind.belongs(item))
  }

  /**
   * Creates `body` at most once. `knownIds` are the items of that name that existed before, so
   * that only a new one is adopted after a lost answer (in if-exists: create mode there may be some).
   */
  createOnce(
    kind: ResourceKind,
    name: string,
    body: unknown,
    knownIds: ReadonlySet<string>,
  ): Promise<Created<WriteResult>> {
    const noun = COLLECTIONS[kind.collection]
    return this.client.create(kind.collection, body, {
      noun,
      name,
      windowMs: LOOK_FOR_UNANSWERED_CREATE_MS,
      unconfirmedHint: `The ${noun} may still be created. Re-run the job: with if-exists: reuse the re-run adopts it if it appeared, or creates it. (The step does not send a create again after one that got no answer, so that it never makes two.)`,
      find: async () => {
        const created = (await this.findNamed(kind, name)).filter((item) => !knownIds.has(item.id))
        if (created.length > 1) {
          throw new ActionError(
            `${created.length} new ${noun}s named ${JSON.stringify(name)} appeared while the step ran: ${created.map((item) => item.id).join(', ')}`,
            {
              kind: 'conflict',
              hint: `Another run may be creating the same ${noun}: let one run at a time (a workflow \`concurrency\` group), then delete the extra one.`,
            },
          )
        }
        const [found] = created
        return found && { id: found.id, etag: found.etag }
      },
    })
  }

  /**
   * PATCH with the etag read at lookup; when Flow Service answers 412 (the item changed since, or
   * an earlier attempt of this PATCH was applied), read it again and retry once with the fresh etag.
   */
  async update(kind: ResourceKind, existing: Resource, operations: JsonPatchOperation[]): Promise<WriteResult> {
    try {
      return await this.client.patch(kind.collection, existing.id, existing.etag, operations)
    } catch (error) {
      if (!(error instanceof ActionError) || error.facts.status !== 412) throw error
      this.log(
        `${capitalized(COLLECTIONS[kind.collection])} ${existing.id} changed since it was read (stale etag); reading it again and retrying once.`,
      )
      const fresh = await this.client.get(kind.collection, existing.id)
      return this.client.patch(kind.collection, existing.id, fresh.etag, operations)
    }
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
