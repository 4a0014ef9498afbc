import * as z from '../core/zod.js'
import { nonEmptyText } from '../core/server-values.js'
import { ActionError } from '../core/errors.js'
import { lazily } from '../core/lazily.js'
import type { SecretRegistry } from '../core/secrets.js'
import type { Created, Sender } from '../core/sender.js'
import { unexpectedAnswer } from '../core/service-client.js'
import { XDM_FULL_CONTENT_TYPE } from './catalog.js'
import { PlatformClient, platformService, type PlatformContext } from './platform.js'

export const DATA_PREP_PATH = '/data/foundation/conversion'
/** A mapping set id: 32 lowercase hexadecimal characters. */
export const MAPPING_SET_ID = /^[0-9a-f]{32}$/
/** What a mapping sent as ATTRIBUTE reads back as. */
const ATTRIBUTE_READ_BACK = 'text/x.schema-path'
/** Large pages keep a lookup by name to one call. */
const LOOKUP_PAGE_SIZE = 100
/** A list that never ends must: 100 pages of 100 are far more mapping sets of one name than a sandbox holds. */
const MAX_LOOKUP_PAGES = 100
/** How long the step looks for a write that got no answer, within the deadline. */
const LOOK_FOR_UNANSWERED_WRITE_MS = 30_000

/** The source types a mapping is written with (others "can render your mapping sets uneditable"). */
export type SourceType = 'ATTRIBUTE' | 'EXPRESSION'

/** One mapping as it is written. */
export interface MappingInput {
  source: string
  destination: string
  sourceType: SourceType
}

/** One mapping as it is read back: the source type may be spelled otherwise ('text/x.schema-path'). */
export interface Mapping {
  source: string
  destination: string
  sourceType: string
}

/** The body of `POST /mappingSets`, `POST /mappingSets/validate` and `PUT /mappingSets/{id}`. */
export interface MappingSetBody {
  name: string
  outputSchema: { schemaRef: { id: string; contentType: typeof XDM_FULL_CONTENT_TYPE } }
  mappings: MappingInput[]
}

/** A version of a mapping set, as a create or update answers and a list shows its latest. */
export interface MappingSetRef {
  id: string
  version: number
}

/** One version of a mapping set, read back. */
export interface MappingSet extends MappingSetRef {
  name: string | undefined
  schemaRef: { id: string; contentType: string }
  mappings: Mapping[]
}

/** A mapping that `validate` did not pass, with what Data Prep said about it. */
export interface MappingProblem {
  source: string | undefined
  destination: string | undefined
  sourceType: string | undefined
  status: string
  errors: Array<{ code: string | undefined; message: string | undefined }>
}

export function mappingSetBody(input: {
  name: string
  schemaId: string
  mappings: readonly MappingInput[]
}): MappingSetBody {
  return {
    name: input.name,
    outputSchema: { schemaRef: { id: input.schemaId, contentType: XDM_FULL_CONTENT_TYPE } },
    mappings: input.mappings.map(({ source, destination, sourceType }) => ({ sourceType, source, destination })),
  }
}

/**
 * Whether two lists hold the same mappings, in any order: by source, destination and source type,
 * where ATTRIBUTE and its read-back spelling 'text/x.schema-path' are the same.
 */
export function sameMappings(a: readonly Mapping[], b: readonly Mapping[]): boolean {
  if (a.length !== b.length) return false
  const keys = (mappings: readonly Mapping[]) => mappings.map(mappingKey).sort()
  const left = keys(a)
  const right = keys(b)
  return left.every((key, i) => key === right[i])
}

function mappingKey(mapping: Mapping): string {
  const type = mapping.sourceType === ATTRIBUTE_READ_BACK ? 'ATTRIBUTE' : mapping.sourceType.toUpperCase()
  return JSON.stringify([mapping.source, mapping.destination, type])
}

const mappingSetId = () =>
  z.string().check(z.regex(MAPPING_SET_ID, 'not a mapping set id (32 lowercase hexadecimal characters)'))
const version = () => z.int().check(z.nonnegative())
const RefAnswer = lazily(() => z.object({ id: mappingSetId(), version: version() }))
const NamedItem = lazily(() => z.object({ name: z.string() }))
const ListAnswer = lazily(() => z.object({ data: z.array(z.unknown()) }))
const MappingSetAnswer = lazily(() =>
  z.object({
    id: mappingSetId(),
    version: version(),
    name: z.optional(z.string()),
    outputSchema: z.object({
      schemaRef: z.object({ id: nonEmptyText(), contentType: nonEmptyText() }),
    }),
    mappings: z.array(z.object({ sourceType: z.string(), source: z.string(), destination: z.string() })),
  }),
)
const ValidateAnswer = lazily(() =>
  z.object({
    validationResponse: z.array(
      z.object({
        status: z.string(),
        source: z.optional(z.string()),
        destination: z.optional(z.string()),
        sourceType: z.optional(z.string()),
        errors: z.optional(z.array(z.object({ code: z.optional(z.string()), message: z.optional(z.string()) }))),
      }),
    ),
  }),
)

/**
 * Data Prep: the mapping sets a flow's Mapping transformation names (by id and version). Mapping
 * sets have no idempotency key either: creates and updates are found again after a lost answer.
 */
export class DataPrepClient extends PlatformClient {
  private readonly baseUrl: string

  constructor(sender: Sender, secrets: SecretRegistry, context: PlatformContext) {
    super(platformService('Data Prep'), sender, secrets, context)
    this.baseUrl = `${context.platformUrl}${DATA_PREP_PATH}`
  }

  /** The problems Data Prep finds in the mappings, against the output schema; none when it passes them all. */
  async validate(mappingSet: MappingSetBody): Promise<MappingProblem[]> {
    const answer = await this.send(
      this.platformCall({
        operation: 'validate mapping set (POST /mappingSets/validate)',
        method: 'POST',
        url: `${this.baseUrl}/mappingSets/validate`,
        json: mappingSet,
        // It writes nothing: sending it twice only validates twice.
        resend: 'idempotent',
      }),
      ValidateAnswer(),
    )
    return answer.validationResponse
      .filter((entry) => entry.status.toUpperCase() !== 'SUCCESS')
      .map((entry) => ({
        source: entry.source,
        destination: entry.destination,
        sourceType: entry.sourceType,
        status: entry.status,
        errors: (entry.errors ?? []).map((error) => ({ code: error.code, message: error.message })),
      }))
  }

  /**
   * The mapping sets named exactly `name` (the latest version of each), every page. The name is a
   * query value here (Data Prep filters by it) and is compared again, exactly, on each item.
   */
  async findNamed(name: string): Promise<MappingSetRef[]> {
    const found: MappingSetRef[] = []
    for (let page = 1; ; page++) {
      const operation = `list mapping sets (GET /mappingSets, page ${page})`
      if (page > MAX_LOOKUP_PAGES) {
        throw new ActionError(`the list of mapping sets did not end after ${MAX_LOOKUP_PAGES} pages`, {
          kind: 'unexpected',
          service: this.service.name,
          operation: 'list mapping sets (GET /mappingSets)',
          hint: 'Re-run the job; if it happens again, report it with the request ids from the debug log.',
        })
      }
      const query = new URLSearchParams({
        name,
        start: String((page - 1) * LOOKUP_PAGE_SIZE),
        limit: String(LOOKUP_PAGE_SIZE),
      })
      const answer = await this.send(
        this.platformCall({ operation, method: 'GET', url: `${this.baseUrl}/mappingSets?${query}` }),
        ListAnswer(),
      )
      for (const item of answer.data) {
        if (NamedItem().safeParse(item).data?.name !== name) continue
        const ref = RefAnswer().safeParse(item)
        if (!ref.success) {
          throw unexpectedAnswer(
            { service: this.service.name, operation },
            `a mapping set named ${JSON.stringify(name)} ${ref.error.issues[0]?.message ?? 'is not readable'}`,
          )
        }
        found.push(ref.data)
      }
      if (answer.data.length < LOOKUP_PAGE_SIZE) return found
    }
  }

  /**
   * Creates the mapping set at most once (see Sender.create). After a lost answer it is looked for
   * by its name; only a set that is not in `lookup.knownIds` (those of that name that existed
   * before) is adopted, and two new ones are a conflict (a concurrent run).
   */
  create(mappingSet: MappingSetBody, lookup: { knownIds: ReadonlySet<string> }): Promise<Created<MappingSetRef>> {
    const { name } = mappingSet
    return this.sendCreate(
      this.platformCall({
        operation: 'create mapping set (POST /mappingSets)',
        method: 'POST',
        url: `${this.baseUrl}/mappingSets`,
        json: mappingSet,
      }),
      RefAnswer(),
      {
        noun: 'mapping set',
        name,
        windowMs: LOOK_FOR_UNANSWERED_WRITE_MS,
        unconfirmedHint:
          'The mapping set may still be created. Re-run the job: the re-run finds it by name and adopts it, or creates it. (The step does not send a create again after one that got no answer, so that it never makes two.)',
        find: async () => {
          const created = (await this.findNamed(name)).filter((set) => !lookup.knownIds.has(set.id))
          if (created.length > 1) {
            throw new ActionError(
              `${created.length} new mapping sets named ${JSON.stringify(name)} appeared while the step ran: ${created.map((set) => set.id).join(', ')}`,
              {
                kind: 'conflict',
                service: this.service.name,
                hint: 'Another run may be creating the same mapping set: let one run at a time (a workflow `concurrency` group); the extra mapping set is unused and can stay.',
              },
            )
          }
          return created[0]
        },
      },
    )
  }

  /** One version of a mapping set (the latest when `version` is not given). */
  async get(id: string, version?: number): Promise<MappingSet> {
    const which = version === undefined ? '' : `?version=${version}`
    const operation = `read mapping set (GET /mappingSets/${id}${which})`
    const answer = await this.send(
      this.platformCall({
        operation,
        method: 'GET',
        url: `${this.baseUrl}/mappingSets/${encodeURIComponent(id)}${which}`,
      }),
      MappingSetAnswer(),
    )
    if (answer.id !== id || (version !== undefined && answer.version !== version)) {
      throw unexpectedAnswer(
        { service: this.service.name, operation },
        `it is mapping set ${answer.id} version ${answer.version}, not ${id}${version === undefined ? '' : ` version ${version}`}`,
      )
    }
    return {
      id: answer.id,
      version: answer.version,
      name: answer.name,
      schemaRef: answer.outputSchema.schemaRef,
      mappings: answer.mappings,
    }
  }

  /**
   * Writes `mappingSet` as a new version of mapping set `id`, at most once. `basedOn` is the latest
   * version read before (the one compared with the mappings).
   *
   * Each PUT that Data Prep applies makes a new version, so a PUT is not idempotent here: it is sent
   * like a create (resend 'after-lookup'). After an answer that was lost, the latest version is read:
   * when it is newer than `basedOn` and holds these mappings on this schema, it is adopted; the PUT is
   * sent again only when a failure proves nothing was written, or such a look found nothing.
   */
  update(id: string, mappingSet: MappingSetBody, basedOn: number): Promise<Created<MappingSetRef>> {
    const operation = `update mapping set (PUT /mappingSets/${id})`
    return this.sendCreate(
      this.platformCall({
        operation,
        method: 'PUT',
        url: `${this.baseUrl}/mappingSets/${encodeURIComponent(id)}`,
        json: mappingSet,
      }),
      RefAnswer().check(z.refine((answer) => answer.id === id, `the answer is about another mapping set, not ${id}`)),
      {
        noun: 'mapping set version',
        name: mappingSet.name,
        windowMs: LOOK_FOR_UNANSWERED_WRITE_MS,
        unconfirmedHint: `A new version of mapping set ${id} may still be written. Re-run the job: the re-run compares the latest version with the mappings and writes one only if they differ.`,
        find: async () => {
          const latest = await this.get(id)
          const written =
            latest.version > basedOn &&
            latest.schemaRef.id === mappingSet.outputSchema.schemaRef.id &&
            sameMappings(latest.mappings, mappingSet.mappings)
          return written ? { id: latest.id, version: latest.version } : undefined
        },
      },
    )
  }
}
