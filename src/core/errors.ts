/** What went wrong, in the terms a user acts on. */
export type ErrorKind =
  'input' | 'auth' | 'permission' | 'not-found' | 'conflict' | 'transient' | 'timeout' | 'unexpected'

/** The services the actions talk to, as messages name them. */
export type ServiceName = 'Adobe IMS' | 'HubSpot OAuth' | 'Flow Service' | 'Catalog' | 'Data Prep'

export interface ErrorFacts {
  kind: ErrorKind
  service?: ServiceName
  /** The call that failed, e.g. "create connection (POST /connections)". */
  operation?: string
  status?: number
  code?: string
  requestId?: string
  /** What the user should do next. */
  hint?: string
  /** The server's Retry-After, for a caller that retries the whole operation. */
  retryAfter?: string
}

/**
 * The one error type the actions raise on purpose. It carries the facts a user needs;
 * `renderError` turns them into the message the step fails with.
 */
export class ActionError extends Error {
  readonly facts: ErrorFacts

  constructor(message: string, facts: ErrorFacts, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ActionError'
    this.facts = facts
  }
}

/**
 * "Flow Service: create connection (POST /connections) failed with HTTP 403, error FLOW-2120-403
 * (request id abc): You do not have sufficient permissions… Hint: …"
 */
export function renderError(error: unknown): string {
  if (!(error instanceof ActionError)) {
    return error instanceof Error ? error.message : String(error)
  }
  const { service, operation, status, code, requestId, hint } = error.facts
  const where = [service, operation].filter(Boolean).join(': ')
  const facts = [
    status !== undefined ? `HTTP ${status}` : undefined,
    code ? `error ${code}` : undefined,
    requestId ? `request id ${requestId}` : undefined,
  ].filter(Boolean)
  let text = where ? `${where} failed` : ''
  if (facts.length > 0) text += ` (${facts.join(', ')})`
  text = text ? `${text}: ${error.message}` : error.message
  if (hint) text += `\nWhat to do: ${hint}`
  return text
}
