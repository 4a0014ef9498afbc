import * as core from '@actions/core'
import type { Connection, FlowServiceClient, HubSpotAuthParams, WriteResult } from './adobe/flow-service.js'
import { ActionError } from './errors.js'
import { TransportError } from './http.js'
import { MAX_ATTEMPTS, type RetryingHttp } from './retry.js'

export interface CreateInput {
  name: string
  description?: string
  params: HubSpotAuthParams
}

/** How long the step keeps looking for a create that got no answer, within the deadline. */
const LOOK_FOR_UNANSWERED_CREATE_MS = 30_000
const OPERATION = 'create connection (POST /connections)'

/**
 * What a failed create leaves behind:
 * - 'none': Flow Service did not act (a 4xx, a refused connection, a 429 after its retries);
 * - 'answered': it answered with a failure (500, 502, 503); a connection it made before failing
 *   is listed by then, so a lookup tells whether to send the create again;
 * - 'unanswered': it may still be acting (no answer, a reset after sending, a gateway 504) or it
 *   acted and the answer broke (a 2xx whose body could not be read).
 */
export type CreateUncertainty = 'none' | 'answered' | 'unanswered'

export function createUncertainty(error: unknown): CreateUncertainty {
  if (error instanceof TransportError) return error.mayHaveReachedServer ? 'unanswered' : 'none'
  const status = error instanceof ActionError ? error.facts.status : undefined
  if (status === undefined) return 'none'
  if (status === 504 || (status >= 200 && status < 300)) return 'unanswered'
  return status >= 500 ? 'answered' : 'none'
}

/**
 * Creates the connection at most once. Flow Service has no idempotency key and no unique names.
 * After a failure it answered, the step looks for a connection of that name that was not there
 * before (`knownIds`) and adopts it, or sends the create again. After a create that got no answer,
 * it never sends it again (the first may still land): it looks for the connection for a while and
 * adopts it, or fails saying a re-run will adopt or create it.
 */
export async function createExactlyOnce(
  flowService: FlowServiceClient,
  retrying: RetryingHttp,
  input: CreateInput,
  knownIds: ReadonlySet<string>,
): Promise<WriteResult & { adopted: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await flowService.create(input)), adopted: false }
    } catch (error) {
      const uncertainty = createUncertainty(error)
      if (uncertainty === 'none') throw error
      if (uncertainty === 'unanswered')
        return lookForUnansweredCreate(flowService, retrying, input.name, knownIds, error)
      const reason = describe(error)
      const retryAfter = error instanceof ActionError ? error.facts.retryAfter : undefined
      const mayRetry =
        attempt < MAX_ATTEMPTS &&
        (await retrying.pauseAfterFailure('Flow Service: create connection', reason, attempt, retryAfter))
      const created = await findNewOr(flowService, input.name, knownIds, error)
      if (created) return adopt(created)
      if (!mayRetry) throw error
      core.info('No connection was created; sending the create again.')
    }
  }
}

async function lookForUnansweredCreate(
  flowService: FlowServiceClient,
  retrying: RetryingHttp,
  name: string,
  knownIds: ReadonlySet<string>,
  error: unknown,
): Promise<WriteResult & { adopted: boolean }> {
  const reason = describe(error)
  core.info(
    `Flow Service did not confirm the create (${reason}); looking for the connection instead of sending it again.`,
  )
  const started = Date.now()
  const created = await retrying.pollUntil(
    () => findNew(flowService, name, knownIds),
    (found) => found !== undefined,
    LOOK_FOR_UNANSWERED_CREATE_MS,
    (_, wait) => core.info(`No new connection named ${JSON.stringify(name)} yet; looking again in ${wait / 1000} s.`),
  )
  if (created) return adopt(created)
  throw new ActionError(
    `Flow Service did not confirm the create (${reason}), and no new connection named ${JSON.stringify(name)} appeared in ${Math.round((Date.now() - started) / 1000)} s of looking`,
    {
      kind: 'transient',
      service: 'Flow Service',
      operation: OPERATION,
      hint: 'The connection may still be created. Re-run the job: with if-exists: reuse the re-run adopts it if it appeared, or creates it. (The step does not send a create again after one that got no answer, so that it never makes two.)',
    },
  )
}

/** The connection of that name that was not there before the create, if one is there now. */
async function findNew(
  flowService: FlowServiceClient,
  name: string,
  knownIds: ReadonlySet<string>,
): Promise<Connection | undefined> {
  const created = (await flowService.findHubSpotConnectionsNamed(name)).filter((match) => !knownIds.has(match.id))
  if (created.length > 1) {
    throw new ActionError(
      `${created.length} new connections named ${JSON.stringify(name)} appeared while the step ran: ${created.map((c) => c.id).join(', ')}`,
      {
        kind: 'conflict',
        hint: 'Another run may be creating the same connection: let one run at a time (a workflow `concurrency` group), then delete the extra one.',
      },
    )
  }
  return created[0]
}

/**
 * findNew, but when the lookup itself fails, the create's own error is what the user needs: without
 * the lookup the step cannot know whether sending the create again would make a second connection.
 */
async function findNewOr(
  flowService: FlowServiceClient,
  name: string,
  knownIds: ReadonlySet<string>,
  createError: unknown,
): Promise<Connection | undefined> {
  try {
    return await findNew(flowService, name, knownIds)
  } catch (lookupError) {
    if (lookupError instanceof ActionError && lookupError.facts.kind === 'conflict') throw lookupError
    throw createError
  }
}

function adopt(connection: Connection): WriteResult & { adopted: boolean } {
  core.info(`The connection was created although the answer was lost; adopting ${connection.id}.`)
  return { id: connection.id, etag: connection.etag, adopted: true }
}

function describe(error: unknown): string {
  if (error instanceof ActionError && error.facts.status !== undefined) return `HTTP ${error.facts.status}`
  return error instanceof Error ? error.message : String(error)
}
