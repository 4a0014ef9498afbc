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

/** Full record, including the raw secrets, for tests. */
export interface StoredConnection {
  id: string
  name: string
  description?: string
  sandboxName: string
  imsOrgId: string
  state: string
  auth: { specName: string; params: Record<string, string> }
  connectionSpec: { id: string; version: string }
  /** With literal double quotes, e.g. "\"6802064a-0000-0200-0000-6387c6b90000\"". */
  etag: string
  createdAt: number
  updatedAt: number
  createdBy: string
  updatedBy: string
  createdClient: string
  updatedClient: string
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
 */
export type FaultKind = 'status' | 'delay' | 'stall' | 'reset' | 'commit-then-reset' | 'malformed' | 'redirect'

export interface FaultSpec {
  service: ServiceName
  /** Any method when absent. */
  method?: string
  /** Exact pathname or a regex tested on the pathname; any path when absent. */
  path?: string | RegExp
  /** The next n matching requests (default 1). */
  times?: number
  kind: FaultKind
  /** For 'status' (and 'redirect', default 307). */
  status?: number
  headers?: Record<string, string>
  /** For 'status'; default: a fitting error body of that service. */
  body?: string
  /**
   * For 'delay': hold the request this long, then handle it and answer normally. The request
   * takes effect even when the client gave up (timed out, disconnected) while it was held — a
   * late commit: e.g. a delayed POST /connections still creates the connection, and only the
   * answer is lost (the request is then recorded with status 0). Only `close()` cancels it.
   */
  delayMs?: number
  /** For 'redirect'; default: the request's own URL. */
  location?: string
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
  /** A valid HubSpot access token. */
  issueHubSpotAccessToken(): string
  /** Every access token the emulator issued (IMS and HubSpot) since the last reset: for leak checks. */
  issuedTokens(): string[]
  expireAdobeTokens(): void
  expireHubSpotAccessTokens(): void
  injectFault(fault: FaultSpec): void
  clearFaults(): void
  clearRequests(): void
  /** Connections, requests, faults, tokens. */
  reset(): void
  /** Closes all listeners and destroys open sockets (stalled ones too). */
  close(): Promise<void>
}
