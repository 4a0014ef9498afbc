/**
 * Public types of the local emulator for Adobe IMS, HubSpot OAuth and the AEP Flow Service.
 * Re-exported by `server.ts`; the product's tests depend on exactly these shapes.
 */

export type ServiceName = 'ims' | 'hubspot' | 'platform'

export interface EmulatorConfig {
  adobe?: {
    clientId?: string
    clientSecret?: string
    orgId?: string
    sandboxes?: string[]
    /** Scopes IMS will grant; default the AEP set (see `AEP_SCOPES`). */
    scopes?: string[]
  }
  hubspot?: { clientId?: string; clientSecret?: string; refreshToken?: string; hubId?: number }
  /** Default page size of `GET /connections` when no `limit` is given (default 20). */
  pageSize?: number
  /**
   * Fixed ports for the three listeners (default: free ports chosen by the OS).
   * Addition to the agreed contract, needed by `cli.ts` (`EMULATOR_PORT`).
   */
  ports?: { ims?: number; hubspot?: number; platform?: number }
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP, on all three listeners. */
  tls?: { key: string; cert: string }
  /**
   * The tables of the HubSpot source: what `explore?objectType=root` lists and what
   * `explore?objectType=table&object=<path>` describes; a source connection's `params.path` must
   * be one of their paths. Default: `DEFAULT_HUBSPOT_TABLES` (hubspot-tables.ts).
   */
  tables?: ExploreTable[]
  /**
   * Connections created by `POST /connections` start in `state` (default 'enabled'). With
   * `enabledAfterReads` they turn 'enabled' after that many reads: the first `enabledAfterReads`
   * `GET /connections/{id}` of the connection still show `state`, the next one shows 'enabled'.
   */
  newConnections?: { state: string; enabledAfterReads?: number }
  /** How flow runs progress (by reads, never by time) and how many records they carry. */
  runs?: RunProgressConfig
}

/** A column as `explore?objectType=table` returns it. */
export interface ExploreColumn {
  name: string
  /** Source type, e.g. 'string', 'integer', 'boolean'. */
  type: string
  'meta:xdmType'?: string
  xdm: Record<string, unknown>
}

export interface ExploreTable {
  /** What `params.path` of a source connection names, e.g. 'Hubspot.Contacts'. */
  path: string
  /** The root listing's `name`; default: the path (as in Adobe's explore example). */
  name?: string
  columns: ExploreColumn[]
}

/**
 * A run of a flow moves 'scheduled' → 'inProgress' → 'success' (or 'failed') as it is read:
 * every `GET /runs` (or `GET /runs/{id}`) answer that contains it counts as one read. The first
 * `scheduledReads` reads show 'scheduled', the next `inProgressReads` show 'inProgress', every
 * later one the final status. Both default to 1; 0 skips the step.
 */
export interface RunProgressConfig {
  scheduledReads?: number
  inProgressReads?: number
  /** `metrics.recordSummary.inputRecordCount` of a finished run (default 100). */
  inputRecordCount?: number
}

export interface RecordedRequest {
  service: ServiceName
  method: string
  /** Pathname only, e.g. /data/foundation/flowservice/connections (not percent-decoded). */
  path: string
  /** Decoded query pairs, in order. */
  query: Array<[string, string]>
  /** Exactly as received (path + raw query). */
  rawUrl: string
  /** Lower-cased names, as node gives them. */
  headers: Record<string, string | string[] | undefined>
  /** Raw body text. */
  body: string
  /** Status the emulator answered; 0 when it never answered (stall, reset, commit-then-reset). */
  status: number
}

/** Fields every Flow Service resource carries (sandboxed, versioned by a quoted etag). */
export interface FlowResourceFields {
  id: string
  sandboxName: string
  imsOrgId: string
  /** With literal double quotes, e.g. "\"6802064a-0000-0200-0000-6387c6b90000\"". */
  etag: string
  createdAt: number
  updatedAt: number
  createdBy: string
  updatedBy: string
  createdClient: string
  updatedClient: string
}

/** Full record, including the raw secrets, for tests. */
export interface StoredConnection extends FlowResourceFields {
  name: string
  description?: string
  state: string
  auth: { specName: string; params: Record<string, string> }
  connectionSpec: { id: string; version: string }
}

export interface StoredSourceConnection extends FlowResourceFields {
  name: string
  description?: string
  baseConnectionId: string
  state: string
  data: { format: string }
  /** As sent; `path` is the HubSpot table. */
  params: Record<string, unknown>
  connectionSpec: { id: string; version: string }
}

export interface StoredTargetConnection extends FlowResourceFields {
  name?: string
  description?: string
  state: string
  data: { format?: string; schema: { id: string; version: string } }
  params: { dataSetId: string } & Record<string, unknown>
  connectionSpec: { id: string; version: string }
}

export interface FlowTransformation {
  name: string
  params: Record<string, unknown>
}

export interface StoredFlow extends FlowResourceFields {
  name: string
  description?: string
  state: string
  flowSpec: { id: string; version: string }
  sourceConnectionIds: string[]
  targetConnectionIds: string[]
  /** As sent (values keep their JSON types: the docs send strings, the spec integers). */
  transformations: FlowTransformation[]
  scheduleParams: Record<string, unknown>
  /** `started`: epoch ms of the last create/update; `updated`: how many updates so far. */
  lastOperation: { started: number; updated: number; operation: 'create' | 'update' }
}

export type RunStatus = 'scheduled' | 'inProgress' | 'success' | 'failed'

export interface RunError {
  code: string
  message: string
  recordCount?: number
}

/**
 * How a failing run reads (defaults after Adobe's monitoring example): `errors` go to
 * `metrics.statusSummary.errors` (default CONNECTOR-2001-500), `activityErrors` to the
 * promotion activity's `statusSummary.extensions.errors` (default INGEST-1212-400 and
 * MAPPER-3700-400), `failedRecordCount` defaults to every input record.
 */
export interface RunFailure {
  errors?: RunError[]
  activityErrors?: RunError[]
  failedRecordCount?: number
}

export interface StoredRun extends FlowResourceFields {
  flowId: string
  flowSpec: { id: string; version: string }
  /** What the next read shows. */
  status: RunStatus
  /** Reads counted so far (see RunProgressConfig). */
  reads: number
  inputRecordCount: number
  startedAtUTC?: number
  completedAtUTC?: number
  /** Set when the run finished 'failed'. */
  failure?: Required<RunFailure>
}

/** A Catalog dataset; `schemaFields` are the XDM paths its schema has (for mapping checks). */
export interface StoredDataset {
  /** 24 lowercase hex characters, like Catalog ids. */
  id: string
  sandboxName: string
  imsOrgId: string
  name: string
  description?: string
  schemaRef: { id: string; contentType: string }
  schemaFields: string[]
  created: number
  updated: number
}

export interface SeedDatasetInput {
  sandbox?: string
  /** Default: random 24 hex characters. */
  id?: string
  name: string
  description?: string
  /** Default: a fresh schema id of the demo tenant. */
  schemaId?: string
  /** Default: DEMO.dataset.schemaFields. */
  schemaFields?: string[]
}

export interface StoredMapping {
  /** 32 lowercase hex characters. */
  id: string
  /** As sent (e.g. 'ATTRIBUTE'); reads answer 'text/x.schema-path' for 'ATTRIBUTE'. */
  sourceType: string
  source: string
  destination: string
  name?: string
  description?: string
}

export interface StoredMappingSetVersion {
  version: number
  outputSchema: { schemaRef: { id: string; contentType: string } }
  mappings: StoredMapping[]
  createdDate: number
  createdBy: string
}

export interface StoredMappingSet {
  /** 32 lowercase hex characters. */
  id: string
  sandboxName: string
  imsOrgId: string
  name?: string
  /** Every version, oldest first; `versions[n].version === n`. */
  versions: StoredMappingSetVersion[]
  createdDate: number
  modifiedDate: number
  createdBy: string
  modifiedBy: string
}

/**
 * - 'status': answer with `status` (and `body`/`headers`) instead of handling the request.
 * - 'delay': wait `delayMs`, then handle the request and answer normally (see `delayMs`).
 * - 'stall': never answer. 'reset': reset the connection without handling the request.
 * - 'commit-then-reset': handle the request (it takes effect), then reset instead of answering.
 * - 'malformed': handle the request (it takes effect, e.g. POST /connections creates the
 *   connection), then answer with the handler's 2xx status (200 when it failed or has no body),
 *   `content-type: application/json` and a truncated JSON body, like a server whose success answer
 *   got corrupted.
 * - 'redirect': answer `status` (default 307) with `location` instead of handling the request.
 * - 'body': handle the request (it takes effect), then answer with the handler's status but with
 *   `body` (and `headers`, content type application/json unless given) instead of its body: to
 *   put hostile ids or fields into a success answer.
 * - 'hold-until': hold the request until a request matching `until` (at any service) has been
 *   answered, then handle it and answer normally, or answer `status` (with `body`/`headers`) when
 *   given. A request held for one the client sends only after this one's answer is never answered:
 *   such a test proves that two calls overlap, and which answer came first.
 * - 'oversized': answer 200 (or `status`), `content-type: application/json`, with a valid JSON
 *   body of exactly `bytes` bytes (default 50 MiB), streamed in chunks so the emulator never
 *   holds it; the request is not handled. Stops writing when the client goes away.
 * - 'fail-then-commit': answer `status` (default 500; `body`/`headers` as for 'status') WITHOUT
 *   the request taking effect yet; it takes effect after `afterRequests` (default 1) further
 *   requests to the same service (listener) have been answered, or dropped by another fault:
 *   e.g. a POST /flows answered 500 whose flow only appears after the product's next lookup
 *   missed it. Counted requests, no timers; 0 commits right after the failure answer. The held
 *   request is then handled as it was received (its token must still be valid). clearFaults()
 *   keeps commits already held back; reset() drops them.
 */
export type FaultKind =
  | 'status'
  | 'delay'
  | 'stall'
  | 'reset'
  | 'commit-then-reset'
  | 'malformed'
  | 'redirect'
  | 'body'
  | 'oversized'
  | 'fail-then-commit'
  | 'hold-until'

/** Which requests a fault or a 'hold-until' release matches. */
export interface RequestMatch {
  service: ServiceName
  /** Any method when absent. */
  method?: string
  /** Exact pathname or a regex tested on the pathname; any path when absent. */
  path?: string | RegExp
}

export interface FaultSpec {
  service: ServiceName
  /** Any method when absent. */
  method?: string
  /** Exact pathname or a regex tested on the pathname; any path when absent. */
  path?: string | RegExp
  /** The next n matching requests (default 1). */
  times?: number
  kind: FaultKind
  /** For 'status', 'fail-then-commit' (default 500), 'redirect' (default 307), 'oversized' (default 200). */
  status?: number
  headers?: Record<string, string>
  /** For 'status' and 'fail-then-commit' (default: a fitting error body of that service); required for 'body'. */
  body?: string
  /** For 'oversized': the body's exact size in bytes (default 50 MiB, at least 2). */
  bytes?: number
  /** For 'fail-then-commit': how many further requests to the service come before the commit (default 1). */
  afterRequests?: number
  /**
   * For 'delay': hold the request this long, then handle it and answer normally. The request
   * takes effect even when the client gave up (timed out, disconnected) while it was held — a
   * late commit: e.g. a delayed POST /connections still creates the connection, and only the
   * answer is lost (the request is then recorded with status 0). Only `close()` cancels it.
   */
  delayMs?: number
  /** For 'redirect'; default: the request's own URL. */
  location?: string
  /** For 'hold-until' (required): the request whose answer releases the held one. */
  until?: RequestMatch
}

export interface SeedConnectionInput {
  sandbox?: string
  name: string
  description?: string
  state?: string
  connectionSpecId?: string
  /** Used as given; default: a complete, valid set from the HubSpot config. */
  params?: Record<string, string>
}

export interface Emulator {
  /** e.g. 'http://127.0.0.1:40123', no trailing slash; three separate listeners. */
  urls: { ims: string; hubspot: string; platform: string }
  /** Every request received, in order, all services. */
  readonly requests: RecordedRequest[]
  /** Deep copies; all sandboxes when absent. */
  connections(sandbox?: string): StoredConnection[]
  seedConnection(input: SeedConnectionInput): StoredConnection
  /** A valid IMS access token (as if minted) bound to clientId (default: the configured one). */
  issueAdobeToken(clientId?: string): string
  /**
   * Changes a connection's state as Flow Service would on its own (e.g. initializing → enabled),
   * bumping its etag. Throws for an unknown id.
   */
  setConnectionState(id: string, state: string): void
  /**
   * Deterministic state change: the next `reads` `GET /connections/{id}` still show the current
   * state, the one after shows `state` (etag bumped then, as by setConnectionState). Replaces a
   * pending change of the same connection. Throws for an unknown id or a negative `reads`.
   */
  setConnectionStateAfterReads(id: string, state: string, reads: number): void
  /** Deep copies of the data-flow resources; all sandboxes when absent. */
  sourceConnections(sandbox?: string): StoredSourceConnection[]
  targetConnections(sandbox?: string): StoredTargetConnection[]
  flows(sandbox?: string): StoredFlow[]
  /** Runs with the status their next read shows. */
  runs(sandbox?: string): StoredRun[]
  mappingSets(sandbox?: string): StoredMappingSet[]
  /** Catalog datasets, the demo dataset (DEMO.dataset, in every sandbox) included. */
  datasets(sandbox?: string): StoredDataset[]
  /** Adds a Catalog dataset (and its schema's fields). Throws for an unknown sandbox or a taken id. */
  seedDataset(input: SeedDatasetInput): StoredDataset
  /** The runs of this flow not finished yet, and its later runs, end 'failed'. Throws for an unknown flow. */
  failRuns(flowId: string, failure?: RunFailure): void
  /**
   * The flow's next scheduled run, as Flow Service's scheduler would start it: a new run,
   * 'scheduled', moving on by reads like the first. `outcome` is how this run and the flow's other
   * unfinished ones end ('success' clears a failRuns). Throws for an unknown flow.
   */
  scheduleNextRun(flowId: string, outcome?: 'success' | RunFailure): StoredRun
  /** The runs of the next flow created (any sandbox) end 'failed'. */
  failNextFlow(failure?: RunFailure): void
  /** A valid HubSpot access token. */
  issueHubSpotAccessToken(): string
  /** Every access token the emulator issued (IMS and HubSpot) since the last reset: for leak checks. */
  issuedTokens(): string[]
  expireAdobeTokens(): void
  expireHubSpotAccessTokens(): void
  injectFault(fault: FaultSpec): void
  clearFaults(): void
  clearRequests(): void
  /** TCP connections each listener accepted since the start or the last reset(). */
  tcpConnections(): Record<ServiceName, number>
  /**
   * Resolves once no client holds a connection open, at most after `timeoutMs` (default 2000):
   * what a finished step sent has then all arrived, and is not taken for the next test's.
   */
  quiet(timeoutMs?: number): Promise<void>
  /**
   * Connections, data-flow resources (source/target connections, flows, runs, mapping sets,
   * seeded datasets; the demo dataset is put back), pending state changes and run failures,
   * requests, faults and commits not yet made, tokens.
   */
  reset(): void
  /** Closes all listeners and destroys open sockets (stalled ones too). */
  close(): Promise<void>
}
