import * as core from '@actions/core'
import type { FlowServiceClient, HubSpotAuthParams, WriteResult } from './adobe/flow-service.js'
import { ActionError, renderError } from './errors.js'
import { TransportError } from './http.js'
import { MAX_ATTEMPTS, type RetryingHttp } from './retry.js'

export interface CreateInput {
  name: string
  description?: string
  params: HubSpotAuthParams
}

/**
 * Whether a failed create may still have created the connection: no answer after sending, a 5xx,
 * or a success answer whose body could not be read.
 */
export function createMayHaveHappened(error: unknown): boolean {
  if (error instanceof TransportError) return error.mayHaveReachedServer
  const status = error instanceof ActionError ? error.facts.status : undefined
  return status !== undefined && (status >= 500 || (status >= 200 && status < 300))
}

/**
 * Creates the connection at most once. Flow Service has no idempotency key and no unique names, so
 * after any failure where the POST may have reached it, the step looks for a connection of that
 * name that was not there before (`knownIds`) and adopts it, instead of sending the POST again.
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
      if (!createMayHaveHappened(error) || attempt >= MAX_ATTEMPTS) throw error
      const reason =
        error instanceof ActionError && error.facts.status ? `HTTP ${error.facts.status}` : renderError(error)
      if (!(await retrying.pauseAfterFailure('Flow Service: create connection', reason, attempt))) throw error
      const created = (await flowService.findHubSpotConnectionsNamed(input.name)).filter(
        (match) => !knownIds.has(match.id),
      )
      if (created.length > 1) {
        throw new ActionError(
          `${created.length} new connections named ${JSON.stringify(input.name)} appeared while the step ran: ${created.map((c) => c.id).join(', ')}`,
          {
            kind: 'conflict',
            hint: 'Another run may be creating the same connection: let one run at a time (a workflow `concurrency` group), then delete the extra one.',
          },
        )
      }
      const [adopted] = created
      if (adopted) {
        core.info(`The connection was created although the answer was lost; adopting ${adopted.id}.`)
        return { id: adopted.id, etag: adopted.etag, adopted: true }
      }
      core.info('No connection was created; sending the create again.')
    }
  }
}
