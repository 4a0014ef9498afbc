import { ActionError } from '../errors.js'
import type { HttpRequest, HttpResponse, Method, Sender } from '../http.js'
import { failedResponse, parseSuccessBody, stringField, unexpectedShape } from '../responses.js'
import type { SecretRegistry } from '../secrets.js'
import { adobeErrorDetails } from './adobe-errors.js'

export const HUBSPOT_CONNECTION_SPEC_ID = 'cc6a4487-9e91-433e-a3a3-9cf6626c1806'
export const HUBSPOT_CONNECTION_SPEC_VERSION = '1.0'
export const HUBSPOT_AUTH_SPEC_NAME = 'Basic Authentication'

const BASE_PATH = '/data/foundation/flowservice'
/** Large pages keep the lookup to one call in every sandbox we have seen. */
const LOOKUP_PAGE_SIZE = 100
/** A runaway `next` chain must end: 100 pages of 100 are far more connections than a sandbox holds. */
const MAX_LOOKUP_PAGES = 100

export interface FlowServiceContext {
  platformUrl: string
  apiKey: string
  orgId: string
  sandboxName: string
  tokens: TokenSource
}

/** Where the IMS token comes from; a rejected one may be replaced once (see AdobeTokenSource). */
export interface TokenSource {
  readonly given: boolean
  current(): string
  canRenew(): boolean
  renew(): Promise<void>
}

const GIVEN_TOKEN_REJECTED_HINT =
  'adobe-access-token was rejected. IMS access tokens last 24 hours; give adobe-client-secret instead (or as well) and the step mints its own.'
const MINTED_TOKEN_REJECTED_HINT =
  'A freshly minted IMS access token was rejected: check that adobe-client-id and adobe-org-id belong to the same OAuth Server-to-Server credential, and that it has an Experience Platform product profile.'

export interface HubSpotAuthParams {
  clientId: string
  clientSecret: string
  accessToken: string
  refreshToken: string
}

export interface ConnectionSummary {
  id: string
  name: string
  etag: string
  state?: string
}

export interface Connection extends ConnectionSummary {
  connectionSpecId?: string
}

export interface WriteResult {
  id: string
  etag: string
}

interface CallOptions {
  payload?: unknown
  headers?: Record<string, string>
  resend?: 'always' | 'if-not-acted'
}

export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove'
  path: string
  value?: unknown
}

/** The Flow Service calls this action makes, for the HubSpot base connection. */
export class FlowServiceClient {
  private readonly baseUrl: string

  constructor(
    private readonly http: Sender,
    private readonly context: FlowServiceContext,
    private readonly secrets: SecretRegistry,
  ) {
    this.baseUrl = `${context.platformUrl}${BASE_PATH}`
  }

  /**
   * Every HubSpot base connection in the sandbox whose name is exactly `name`. The filter names
   * only the connection spec, a fixed id; names are compared here, exactly, so no name (with
   * commas, quotes, `&`, `=`) can change what the query means. Follows `_links.next.href`.
   */
  async findHubSpotConnectionsNamed(name: string): Promise<Connection[]> {
    const matches: Connection[] = []
    const seen = new Set<string>()
    let url: string | undefined =
      `${this.baseUrl}/connections?property=${encodeURIComponent(`connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}`)}&limit=${LOOKUP_PAGE_SIZE}`
    for (let page = 1; url; page++) {
      if (page > MAX_LOOKUP_PAGES || seen.has(url)) {
        throw new ActionError(`the list of connections did not end after ${page - 1} pages`, {
          kind: 'unexpected',
          service: 'Flow Service',
          operation: 'list connections (GET /connections)',
          hint: 'Re-run the job; if it happens again, report it with the request ids from the debug log.',
        })
      }
      seen.add(url)
      const { request, response, body } = await this.call(
        'GET',
        url,
        `list connections (GET /connections, page ${page})`,
      )
      const items = (body as { items?: unknown }).items
      if (!Array.isArray(items)) throw unexpectedShape(request, response, 'no "items" list')
      for (const item of items) {
        const connection = toConnection(item)
        if (connection && connection.name === name && connection.connectionSpecId === HUBSPOT_CONNECTION_SPEC_ID) {
          matches.push(connection)
        }
      }
      url = this.nextPageUrl(body, request, response)
    }
    return matches
  }

  async create(input: { name: string; description?: string; params: HubSpotAuthParams }): Promise<WriteResult> {
    const body = {
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      auth: { specName: HUBSPOT_AUTH_SPEC_NAME, params: input.params },
      connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: HUBSPOT_CONNECTION_SPEC_VERSION },
    }
    // Not idempotent: a failure after which the connection may exist goes back to the caller,
    // which looks before creating again (see createExactlyOnce).
    const result = await this.call('POST', `${this.baseUrl}/connections`, 'create connection (POST /connections)', {
      payload: body,
      resend: 'if-not-acted',
    })
    return toWriteResult(result)
  }

  async get(id: string): Promise<Connection> {
    const { request, response, body } = await this.call(
      'GET',
      `${this.baseUrl}/connections/${encodeURIComponent(id)}`,
      `read connection (GET /connections/${id})`,
    )
    const items = (body as { items?: unknown }).items
    const connection = Array.isArray(items) ? toConnection(items[0]) : undefined
    if (!connection) throw unexpectedShape(request, response, 'no connection in "items"')
    return connection
  }

  async patch(id: string, etag: string, operations: JsonPatchOperation[]): Promise<WriteResult> {
    const result = await this.call(
      'PATCH',
      `${this.baseUrl}/connections/${encodeURIComponent(id)}`,
      `update connection (PATCH /connections/${id})`,
      { payload: operations, headers: { 'if-match': etag } },
    )
    return toWriteResult(result)
  }

  /** The top-level HubSpot objects the connection can read: proves Adobe can reach HubSpot. */
  async explore(id: string): Promise<unknown[]> {
    const { request, response, body } = await this.call(
      'GET',
      `${this.baseUrl}/connections/${encodeURIComponent(id)}/explore?objectType=root`,
      `explore connection (GET /connections/${id}/explore)`,
    )
    if (!Array.isArray(body)) throw unexpectedShape(request, response, 'not a list of objects')
    return body
  }

  private async call(
    method: Method,
    url: string,
    operation: string,
    options: CallOptions = {},
  ): Promise<{ request: HttpRequest; response: HttpResponse; body: unknown }> {
    const { payload, headers = {}, resend = 'always' } = options
    const request: HttpRequest = {
      service: 'Flow Service',
      operation,
      method,
      url,
      headers: {
        authorization: `Bearer ${this.context.tokens.current()}`,
        'x-api-key': this.context.apiKey,
        'x-gw-ims-org-id': this.context.orgId,
        'x-sandbox-name': this.context.sandboxName,
        accept: 'application/json',
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    }
    let response = await this.http.send(request, { resend })
    // A 401 comes from the gateway before Flow Service acts, so even a POST may be sent again.
    if (response.status === 401 && this.context.tokens.canRenew()) {
      await this.context.tokens.renew()
      request.headers.authorization = `Bearer ${this.context.tokens.current()}`
      response = await this.http.send(request, { resend })
    }
    if (response.status < 200 || response.status >= 300) {
      const details = adobeErrorDetails(response.body)
      if (response.status === 401 && (details.code === undefined || details.code === '401013')) {
        details.hint = this.context.tokens.given ? GIVEN_TOKEN_REJECTED_HINT : MINTED_TOKEN_REJECTED_HINT
      }
      throw failedResponse(request, response, details, this.secrets, 'x-request-id')
    }
    const body = parseSuccessBody(request, response, 'x-request-id')
    if (body === null || typeof body !== 'object') throw unexpectedShape(request, response, 'not a JSON object')
    return { request, response, body }
  }

  /**
   * The next page's URL from `_links.next.href`. A relative href is relative to the Flow Service
   * base path (`/connections?continuationToken=…`), or to the origin when it starts with that base
   * path; an absolute one must stay on the platform's origin, so credentials never leave it.
   */
  private nextPageUrl(body: unknown, request: HttpRequest, response: HttpResponse): string | undefined {
    const href = stringField(body, '_links', 'next', 'href')
    if (!href) return undefined
    // Relative to the base path, unless the href already carries it (then relative to the origin).
    const relative = href.startsWith('/') && !href.startsWith('//') && !href.startsWith(`${BASE_PATH}/`)
    const next = relative ? new URL(`${this.baseUrl}${href}`) : new URL(href, `${this.baseUrl}/`)
    if (next.origin !== new URL(this.baseUrl).origin) {
      throw unexpectedShape(
        request,
        response,
        `the next page is on another origin (${next.origin}); it is not followed`,
      )
    }
    return next.toString()
  }
}

function toConnection(item: unknown): Connection | undefined {
  const id = stringField(item, 'id')
  if (!id) return undefined
  return {
    id,
    name: stringField(item, 'name') ?? '',
    etag: stringField(item, 'etag') ?? stringField(item, 'version') ?? '',
    state: stringField(item, 'state'),
    connectionSpecId: stringField(item, 'connectionSpec', 'id'),
  }
}

function toWriteResult({
  request,
  response,
  body,
}: {
  request: HttpRequest
  response: HttpResponse
  body: unknown
}): WriteResult {
  const id = stringField(body, 'id')
  const etag = stringField(body, 'etag')
  if (!id || !etag) throw unexpectedShape(request, response, 'no "id" and "etag"')
  return { id, etag }
}
