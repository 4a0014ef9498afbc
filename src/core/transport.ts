import { Agent, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { HttpClient } from '@actions/http-client'
import { MAX_ATTEMPT_MS, type Deadline } from './deadline.js'
import { ActionError, type ServiceName } from './errors.js'
import { WarmConnections } from './warm-connections.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * Whether a request may be sent again after a failure, decided where the request is built and
 * honoured in one place (`Sender`):
 * - 'idempotent': sending it twice does no harm (reads, PATCH with If-Match);
 * - 'after-lookup': not idempotent (a create): sent again only when the failure proves the server
 *   did not act, or after a lookup showed that it did not;
 * - 'never': sent once.
 */
export type Resend = 'idempotent' | 'after-lookup' | 'never'

export interface HttpRequest {
  service: ServiceName
  /** What the call does, for messages: "create connection". */
  operation: string
  method: Method
  url: string
  headers: Record<string, string>
  body?: string
  resend: Resend
}

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Bodies larger than this are not ours to read: every answer we expect is a few kilobytes. */
const MAX_BODY_BYTES = 5 * 1024 * 1024
const USER_AGENT = 'hubspot-aep-connection-action'
/**
 * How long a kept-alive connection may wait, unused, for the next request before it is closed:
 * less than the shortest idle timeout common servers keep (5 s for Node and Apache; load
 * balancers and NATs a minute or more, some dropping the connection without a word). A request,
 * a create above all, must not go out on a connection the server is closing: its reset would
 * leave unknown whether the server acted. After a longer pause (a retry's wait, a poll) the next
 * request opens a new connection.
 */
export const IDLE_CONNECTION_MS = 4_000
/** Socket errors that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * A call that got no HTTP answer. `mayHaveReachedServer` tells whether the server could have acted
 * on it (a reset after sending, a timeout), which matters for calls that are not idempotent.
 */
export class TransportError extends ActionError {
  constructor(
    message: string,
    readonly request: HttpRequest,
    readonly mayHaveReachedServer: boolean,
    timedOut: boolean,
    cause: unknown,
    hint: string = NETWORK_HINT,
  ) {
    super(
      message,
      { kind: timedOut ? 'timeout' : 'transient', service: request.service, operation: request.operation, hint },
      { cause },
    )
    this.name = 'TransportError'
  }
}

const NETWORK_HINT =
  'Check the URL inputs, DNS, firewalls and any proxy (HTTPS_PROXY, NO_PROXY); if the network just failed for a moment, re-run the job.'
const PROXY_HINT =
  'Check HTTPS_PROXY / HTTP_PROXY (host, port, and user:password if the proxy needs them) and NO_PROXY.'

/** One attempt of a request: what `Sender` retries. */
export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>
}

/**
 * The one HTTP layer every client shares, one attempt per call. Each attempt gets a hard timeout
 * that fits in what is left of the step's deadline; redirects are never followed (a redirect could
 * carry credentials to another origin); proxies come from HTTPS_PROXY/NO_PROXY through
 * @actions/http-client. Nothing here logs a body or a header.
 */
export class HttpTransport implements Transport {
  /** One client, so one keep-alive agent and its sockets, per origin. */
  private readonly clients = new Map<string, HttpClient>()
  /** Connections opened ahead of the requests (preconnect), per origin. */
  private readonly warm = new Map<string, WarmConnections>()
  /**
   * The abort signal of the request being started. `HttpClient.request` prepares the request (and
   * so calls prepareRequest) synchronously, before its first await: the signal set just before
   * the call is the one of that call, even while other requests on the same client are in flight.
   */
  private starting: AbortSignal | undefined
  private closed = false

  constructor(
    private readonly deadline: Deadline,
    private readonly debug: (line: string) => void,
    private readonly idleConnectionMs = IDLE_CONNECTION_MS,
  ) {}

  /**
   * Closes every kept-alive socket, and with them the requests still in flight (a phase left
   * running when another failed): the step's process must exit as soon as it is done. Nothing is
   * sent after that.
   */
  close(): void {
    this.closed = true
    for (const warm of this.warm.values()) warm.close()
    for (const client of this.clients.values()) client.dispose()
    this.clients.clear()
  }

  /**
   * Opens `count` connections to the origin of `url` now, for requests that will go there once
   * what they need is known (a token): their TCP and TLS handshakes are then done while the step
   * waits. Through a proxy (HTTPS_PROXY) nothing is opened ahead: the proxy's tunnel does it.
   */
  preconnect(url: string, count = 1): void {
    if (this.closed) return
    const origin = new URL(url).origin
    const agent = this.clientFor(url).getAgent(origin)
    if (!(agent instanceof Agent)) return
    let warm = this.warm.get(origin)
    if (!warm) {
      warm = new WarmConnections(agent, this.idleConnectionMs)
      this.warm.set(origin, warm)
    }
    warm.warmUp(new URL(origin), count)
  }

  private clientFor(url: string): HttpClient {
    const origin = new URL(url).origin
    let client = this.clients.get(origin)
    if (!client) {
      client = new HttpClient(
        USER_AGENT,
        [
          {
            prepareRequest: (options: RequestOptions) => {
              if (this.starting) options.signal = this.starting
            },
            canHandleAuthentication: () => false,
            handleAuthentication: () => Promise.reject(new Error('not supported')),
          },
        ],
        // Each attempt's own timeout is the abort below; this only bounds an idle socket.
        { allowRedirects: false, allowRetries: false, keepAlive: true, socketTimeout: MAX_ATTEMPT_MS },
      )
      // Through a proxy the agent is tunnel's, which keeps no connection between requests.
      const agent = client.getAgent(origin)
      if (agent instanceof Agent) closeWhenIdle(agent, this.idleConnectionMs)
      this.clients.set(origin, client)
    }
    return client
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) {
      throw new ActionError('not sent: the step had ended', {
        kind: 'unexpected',
        service: request.service,
        operation: request.operation,
      })
    }
    const waitingFor = `${request.service} to answer "${request.operation}"`
    this.deadline.ensureTimeFor(waitingFor)
    const timeoutMs = this.deadline.attemptTimeoutMs()
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const client = this.clientFor(request.url)
    // Aborting does not always reach the request: while it waits for a proxy to answer CONNECT it
    // has no socket, and no error is ever emitted. So every wait also races the abort itself.
    const abandoned = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
    })
    abandoned.catch(() => undefined)
    const started = Date.now()
    try {
      this.starting = controller.signal
      const sent = client.request(request.method, request.url, request.body ?? null, request.headers)
      this.starting = undefined
      const response = await Promise.race([sent, abandoned])
      const status = response.message.statusCode ?? 0
      const body = await Promise.race([readBody(response.message), abandoned])
      if (body === undefined) throw oversizedAnswer(request, status)
      this.debug(`${request.method} ${new URL(request.url).pathname} answered ${status} in ${Date.now() - started} ms`)
      return { status, headers: response.message.headers, body }
    } catch (error) {
      if (error instanceof ActionError) throw error
      if (controller.signal.aborted || isSocketTimeout(error)) {
        if (this.deadline.remainingMs() <= 0) throw this.deadline.expiredError(waitingFor)
        throw new TransportError(`no answer within ${Math.round(timeoutMs / 1000)} s`, request, true, true, error)
      }
      const proxyFailure = (error as Error).message?.match(/^tunneling socket could not be established, (.*)$/)
      if (proxyFailure) throw proxyError(request, proxyFailure[1] ?? '', error)
      const code = (error as NodeJS.ErrnoException).code
      const reason = code ? `${describeSocketError(code)} (${code})` : (error as Error).message
      throw new TransportError(
        `could not reach ${new URL(request.url).origin}: ${reason}`,
        request,
        !code || !NOT_SENT_CODES.has(code),
        false,
        error,
      )
    } finally {
      clearTimeout(timer)
    }
  }
}

/**
 * Makes `agent` close each kept-alive connection that waits `idleMs` for its next request. Node
 * calls `keepSocketAlive` when a request is done with a connection: there it turns a server's
 * Keep-Alive hint too short to reuse into a closing, and sets the idle timeout, after which the
 * agent destroys a connection no request holds. Node sets none unless the agent has a `timeout`
 * option, which would also bound a request's connecting; the requests' own timeout (the
 * attempt's) replaces this one while they hold the connection.
 */
function closeWhenIdle(agent: Agent, idleMs: number): void {
  // Node documents the boolean it returns (false: destroy the connection); @types/node says void.
  const keepSocketAlive = agent.keepSocketAlive.bind(agent) as (socket: Duplex) => boolean
  agent.keepSocketAlive = (socket: Duplex) => {
    const kept = keepSocketAlive(socket)
    if (kept) (socket as Socket).setTimeout(idleMs)
    return kept
  }
}

/**
 * The proxy (HTTPS_PROXY / HTTP_PROXY) refused or failed the CONNECT: the request never reached the
 * service. A 407 (proxy credentials) will not go away by retrying. The proxy's address is not
 * shown: the URL it came from may carry credentials.
 */
function proxyError(request: HttpRequest, detail: string, cause: unknown): ActionError {
  const status = detail.match(/^statusCode=(\d+)$/)?.[1]
  if (status === '407') {
    return new ActionError('the proxy refused the connection: 407 Proxy Authentication Required', {
      kind: 'auth',
      service: request.service,
      operation: request.operation,
      hint: PROXY_HINT,
    })
  }
  const why = status ? `the proxy answered ${status}` : `${detail.match(/\b(E[A-Z]+)\b/)?.[1] ?? 'network error'}`
  return new TransportError(`could not connect through the proxy (${why})`, request, false, false, cause, PROXY_HINT)
}

function isSocketTimeout(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Request timeout')
}

function describeSocketError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ECONNRESET':
      return 'connection reset'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found'
    case 'EPIPE':
      return 'connection closed while sending'
    default:
      return 'network error'
  }
}

/** The body as text; undefined when it is larger than MAX_BODY_BYTES (the rest is not read). */
function readBody(message: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    message.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        // Settled first: destroying the message then emits 'aborted', which must not win.
        resolve(undefined)
        message.destroy()
        return
      }
      chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
    message.on('aborted', () =>
      reject(Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' })),
    )
  })
}

/**
 * An answer too large to be one of ours: it is the service's (or a proxy's) answer, not a network
 * failure, and the same request would get it again, so it is not retried.
 */
function oversizedAnswer(request: HttpRequest, status: number): ActionError {
  return new ActionError(`answered with a body larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB`, {
    kind: 'unexpected',
    service: request.service,
    operation: request.operation,
    status,
    hint: `Every answer this action expects is a few kilobytes. Check the URL inputs, and for a proxy that rewrites answers; if ${request.service} really sends this, report it with the debug log.`,
  })
}
