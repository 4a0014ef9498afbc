/**
 * Local emulator of Adobe IMS, HubSpot OAuth and the AEP Flow Service, on three listeners
 * bound to 127.0.0.1. This module owns the sockets: it records every request, applies injected
 * faults, runs the service handler and sends (or withholds) its reply.
 *
 * It never prints anything: request bodies and headers carry secrets.
 */
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { seedDataset, seedDemoDatasets } from './catalog.js'
import { HUBSPOT_AUTH_SPEC_NAME, HUBSPOT_CONNECTION_SPEC_ID, resolveConfig } from './config.js'
import { SERVICE_CLIENT } from './connections.js'
import { ContinuationCodec } from './continuation.js'
import { DeferredCommits } from './deferred.js'
import { bodyReply, FaultQueue, malformedReply, matchesRequest, redirectReply, statusFaultReply } from './faults.js'
import { hubspotHandler } from './hubspot.js'
import { imsHandler } from './ims.js'
import { sendOversized } from './oversized.js'
import { platformHandler } from './platform.js'
import { PlatformState } from './platform-state.js'
import { scheduleRun } from './runs.js'
import { parsePairs, splitUrl } from './query.js'
import type { Handler, Reply, RequestContext } from './reply.js'
import type { ScopedMap } from './store.js'
import { TokenStore } from './tokens.js'
import type {
  Emulator,
  EmulatorConfig,
  FaultSpec,
  RecordedRequest,
  RequestMatch,
  SeedConnectionInput,
  ServiceName,
  StoredConnection,
} from './types.js'

export type {
  Emulator,
  EmulatorConfig,
  ExploreColumn,
  ExploreTable,
  FaultKind,
  FaultSpec,
  FlowResourceFields,
  FlowTransformation,
  RecordedRequest,
  RequestMatch,
  RunError,
  RunFailure,
  RunProgressConfig,
  RunStatus,
  SeedConnectionInput,
  SeedDatasetInput,
  ServiceName,
  StoredConnection,
  StoredDataset,
  StoredFlow,
  StoredMapping,
  StoredMappingSet,
  StoredMappingSetVersion,
  StoredRun,
  StoredSourceConnection,
  StoredTargetConnection,
} from './types.js'
export { DEMO } from './demo.js'
export {
  AEP_SCOPES,
  BASE_PATH,
  CATALOG_BASE_PATH,
  CONVERSION_BASE_PATH,
  CRM_TO_AEP_FLOW_SPEC_ID,
  DATA_LAKE_CONNECTION_SPEC_ID,
  HUBSPOT_AUTH_SPEC_NAME,
  HUBSPOT_CONNECTION_SPEC_ID,
  SECRET_PLACEHOLDER,
  XDM_FULL_CONTENT_TYPE,
} from './config.js'
export { DEFAULT_HUBSPOT_TABLES } from './hubspot-tables.js'

const SERVICES: readonly ServiceName[] = ['ims', 'hubspot', 'platform']
/** Who "created" seeded connections: a UI user, as in Adobe's docs example. */
const SEED_USER = '28AF22BA5DE6B0B40A494036@AdobeID'
const SEED_CLIENT = SERVICE_CLIENT

/** Deep copies of a store's records, of one sandbox of the org or of all. */
function copies<T extends { imsOrgId: string; sandboxName: string; id: string }>(
  store: ScopedMap<T>,
  orgId: string,
  sandbox: string | undefined,
): T[] {
  return (sandbox === undefined ? store.all() : store.list(orgId, sandbox)).map((r) => structuredClone(r))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function lowerCaseHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}

/** Resets the TCP connection (RST) where possible, so the client sees ECONNRESET. */
function resetSocket(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy()
}

export async function startEmulator(config: EmulatorConfig = {}): Promise<Emulator> {
  const cfg = resolveConfig(config)
  const tokens = new TokenStore()
  const state = new PlatformState()
  const store = state.connections
  const faults = new FaultQueue()
  const deferred = new DeferredCommits()
  const sockets = new Set<Socket>()
  /** Aborted by close(): wakes up 'delay' faults so nothing outlives the emulator. */
  const shutdown = new AbortController()
  const urls = { ims: '', hubspot: '', platform: '' }
  let requests: RecordedRequest[] = []
  /** Who waits for a request to be answered ('hold-until' faults). */
  const answers = new EventEmitter()
  const accepted: Record<ServiceName, number> = { ims: 0, hubspot: 0, platform: 0 }

  const platformDeps = {
    config: cfg,
    state,
    tokens,
    continuation: new ContinuationCodec(),
    platformUrl: () => urls.platform,
  }
  const handlers: Record<ServiceName, Handler> = {
    ims: imsHandler(cfg.adobe, tokens),
    hubspot: hubspotHandler(cfg.hubspot, tokens),
    platform: platformHandler(platformDeps),
  }
  seedDemoDatasets({ state, config: cfg })

  /** Runs a handler; a bug in it becomes the service's 500 body rather than a crash or a log line. */
  async function run(handler: Handler, ctx: RequestContext): Promise<Reply> {
    try {
      return await handler(ctx)
    } catch {
      return statusFaultReply({ service: ctx.service, kind: 'status', status: 500 }, ctx.service, ctx.requestId)
    }
  }

  function send(res: ServerResponse, reply: Reply, ctx: RequestContext, record: RecordedRequest): void {
    if (res.destroyed || res.socket === null || res.socket.destroyed) return // client gone: never answered
    const headers: Record<string, string> = { 'x-request-id': ctx.requestId, ...reply.headers }
    if (reply.body !== '') headers['content-length'] = String(Buffer.byteLength(reply.body))
    res.writeHead(reply.status, headers)
    res.end(reply.body)
    record.status = reply.status
    answers.emit('answered', record)
  }

  /** Resolves true when a request matching `until`, other than `held`, has been answered; false on close(). */
  function answerOf(until: RequestMatch, held: RecordedRequest): Promise<boolean> {
    const matches = (r: RecordedRequest) => r !== held && matchesRequest(until, r.service, r.method, r.path)
    if (requests.some((r) => r.status !== 0 && matches(r))) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (released: boolean) => {
        answers.off('answered', onAnswer)
        shutdown.signal.removeEventListener('abort', onClose)
        resolve(released)
      }
      const onAnswer = (r: RecordedRequest) => matches(r) && done(true)
      const onClose = () => done(false)
      answers.on('answered', onAnswer)
      shutdown.signal.addEventListener('abort', onClose)
    })
  }

  async function onRequest(service: ServiceName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/'
    const { path, rawQuery } = splitUrl(rawUrl)
    const record: RecordedRequest = {
      service,
      method: req.method ?? 'GET',
      path,
      query: parsePairs(rawQuery).pairs,
      rawUrl,
      headers: { ...req.headers },
      body: '',
      status: 0,
    }
    requests.push(record)
    try {
      record.body = await readBody(req)
    } catch {
      return // the client went away mid-body
    }
    const ctx: RequestContext = {
      service,
      method: record.method,
      path,
      rawQuery,
      headers: req.headers,
      body: record.body,
      requestId: randomUUID(),
    }

    const fault = faults.take(service, record.method, path)
    if (fault?.kind === 'fail-then-commit') {
      // Answer the failure now; the request itself takes effect only after `afterRequests` more.
      send(res, statusFaultReply(fault, service, ctx.requestId), ctx, record)
      await deferred.add(service, fault.afterRequests ?? 1, async () => {
        await run(handlers[service], ctx)
      })
      return
    }
    try {
      await answer(service, fault, ctx, record, req, res)
    } finally {
      await deferred.requestDone(service)
    }
  }

  /** Everything but 'fail-then-commit': the fault's answer, or the handler's (maybe altered). */
  async function answer(
    service: ServiceName,
    fault: FaultSpec | undefined,
    ctx: RequestContext,
    record: RecordedRequest,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    switch (fault?.kind) {
      case 'stall':
        return // never answer; close() destroys the socket
      case 'reset':
        return resetSocket(req.socket)
      case 'status':
        return send(res, statusFaultReply(fault, service, ctx.requestId), ctx, record)
      case 'redirect':
        return send(res, redirectReply(fault, record.rawUrl), ctx, record)
      case 'oversized':
        if (res.destroyed || res.socket === null || res.socket.destroyed) return
        record.status = fault.status ?? 200
        return sendOversized(res, fault, { 'x-request-id': ctx.requestId, ...lowerCaseHeaders(fault.headers) })
      case 'delay':
        // Not woken by the client giving up: the request still takes effect afterwards (see delayMs).
        try {
          await sleep(fault.delayMs ?? 0, undefined, { signal: shutdown.signal })
        } catch {
          return // emulator closed while waiting
        }
        break
      case 'hold-until':
        if (!(await answerOf(fault.until!, record))) return // emulator closed while waiting
        if (fault.status !== undefined) return send(res, statusFaultReply(fault, service, ctx.requestId), ctx, record)
        break
      default:
        break
    }

    const reply = await run(handlers[service], ctx)
    // The request took effect (e.g. the connection exists), but the client never learns it.
    if (fault?.kind === 'commit-then-reset') return resetSocket(req.socket)
    // The request took effect too, but its success answer arrives corrupted.
    if (fault?.kind === 'malformed') return send(res, malformedReply(service, reply), ctx, record)
    // The request took effect, and its answer carries what the test put in.
    if (fault?.kind === 'body') return send(res, bodyReply(fault, reply), ctx, record)
    send(res, reply, ctx, record)
  }

  function listen(service: ServiceName): Promise<Server> {
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      // Last resort (e.g. a fault with an invalid header or status): drop the connection quietly.
      onRequest(service, req, res).catch(() => res.destroy())
    }
    const server: Server = config.tls ? createTlsServer(config.tls, handle) : createServer(handle)
    server.on('connection', (socket: Socket) => {
      accepted[service] += 1
      sockets.add(socket)
      socket.once('close', () => {
        sockets.delete(socket)
        if (sockets.size === 0) answers.emit('quiet')
      })
    })
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(cfg.ports[service], '127.0.0.1', () => {
        server.off('error', reject)
        resolve(server)
      })
    })
  }

  const started = await Promise.allSettled(SERVICES.map(listen))
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))

  /** Resolves once no client has a connection open (or after `timeoutMs`, whichever first). */
  function quiet(timeoutMs = 2000): Promise<void> {
    if (sockets.size === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        answers.off('quiet', done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      answers.on('quiet', done)
    })
  }

  let closing: Promise<void> | undefined
  function close(): Promise<void> {
    closing ??= (async () => {
      shutdown.abort()
      const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
      for (const socket of sockets) socket.destroy() // idle keep-alive and stalled sockets alike
      await closed
    })()
    return closing
  }

  const failed = started.find((s) => s.status === 'rejected')
  if (failed !== undefined) {
    await close()
    throw failed.reason
  }
  servers.forEach((server, i) => {
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('listener has no TCP address')
    urls[SERVICES[i]!] = `${config.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`
  })

  function seedConnection(input: SeedConnectionInput): StoredConnection {
    const sandbox = input.sandbox ?? 'prod'
    if (!cfg.adobe.sandboxes.includes(sandbox))
      throw new Error(`seedConnection: sandbox '${sandbox}' is not configured`)
    const params = input.params
      ? { ...input.params }
      : {
          clientId: cfg.hubspot.clientId,
          clientSecret: cfg.hubspot.clientSecret,
          accessToken: tokens.issueHubSpot(),
          refreshToken: cfg.hubspot.refreshToken,
        }
    const stored = store.add({
      name: input.name,
      ...(input.description === undefined ? {} : { description: input.description }),
      sandboxName: sandbox,
      imsOrgId: cfg.adobe.orgId,
      state: input.state ?? 'enabled',
      auth: { specName: HUBSPOT_AUTH_SPEC_NAME, params },
      connectionSpec: { id: input.connectionSpecId ?? HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
      createdBy: SEED_USER,
      updatedBy: SEED_USER,
      createdClient: SEED_CLIENT,
      updatedClient: SEED_CLIENT,
    })
    return structuredClone(stored)
  }

  return {
    urls,
    get requests() {
      return [...requests]
    },
    connections: (sandbox) => copies(store, cfg.adobe.orgId, sandbox),
    seedConnection,
    setConnectionState: (id, next) => {
      const previous = store.find(id)
      if (previous === undefined) throw new Error(`setConnectionState: no connection ${id}`)
      store.update(previous, { ...previous, state: next }, SEED_CLIENT)
    },
    setConnectionStateAfterReads: (id, next, reads) => {
      if (store.find(id) === undefined) throw new Error(`setConnectionStateAfterReads: no connection ${id}`)
      state.connectionStates.schedule(id, next, reads)
    },
    sourceConnections: (sandbox) => copies(state.sourceConnections, cfg.adobe.orgId, sandbox),
    targetConnections: (sandbox) => copies(state.targetConnections, cfg.adobe.orgId, sandbox),
    flows: (sandbox) => copies(state.flows, cfg.adobe.orgId, sandbox),
    runs: (sandbox) => copies(state.runs, cfg.adobe.orgId, sandbox),
    mappingSets: (sandbox) => copies(state.mappingSets, cfg.adobe.orgId, sandbox),
    datasets: (sandbox) => copies(state.datasets, cfg.adobe.orgId, sandbox),
    seedDataset: (input) => {
      const sandbox = input.sandbox ?? 'prod'
      if (!cfg.adobe.sandboxes.includes(sandbox)) throw new Error(`seedDataset: sandbox '${sandbox}' is not configured`)
      return structuredClone(seedDataset({ state }, cfg.adobe.orgId, { ...input, sandbox }))
    },
    failRuns: (flowId, failure = {}) => {
      if (state.flows.find(flowId) === undefined) throw new Error(`failRuns: no flow ${flowId}`)
      state.runFailures.set(flowId, structuredClone(failure))
    },
    scheduleNextRun: (flowId, outcome = 'success') => {
      const flow = state.flows.find(flowId)
      if (flow === undefined) throw new Error(`scheduleNextRun: no flow ${flowId}`)
      if (outcome === 'success') state.runFailures.delete(flowId)
      else state.runFailures.set(flowId, structuredClone(outcome))
      return structuredClone(scheduleRun(platformDeps, flow))
    },
    failNextFlow: (failure = {}) => {
      state.nextFlowFailure = structuredClone(failure)
    },
    issueAdobeToken: (clientId = cfg.adobe.clientId) => tokens.issueIms(clientId, cfg.adobe.scopes),
    issueHubSpotAccessToken: () => tokens.issueHubSpot(),
    issuedTokens: () => tokens.all(),
    expireAdobeTokens: () => tokens.expireIms(),
    expireHubSpotAccessTokens: () => tokens.expireHubSpot(),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests = []
    },
    tcpConnections: () => ({ ...accepted }),
    quiet,
    reset: () => {
      for (const service of SERVICES) accepted[service] = 0
      state.clear()
      seedDemoDatasets({ state, config: cfg })
      deferred.clear()
      faults.clear()
      tokens.clear()
      requests = []
    },
    close,
  }
}
