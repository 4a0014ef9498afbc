import type { FaultSpec } from '../emulator/server.js'

/** Paths the connection action calls, for aiming faults. */
export const CONNECTIONS_PATH = '/data/foundation/flowservice/connections'
export const IMS_TOKEN_PATH = '/ims/token/v3'
export const HUBSPOT_TOKEN_PATH = '/oauth/2026-03/token'

/** Which requests a fault hits. */
export type Target = Pick<FaultSpec, 'service' | 'method' | 'path'>

export const lookup: Target = { service: 'platform', method: 'GET', path: CONNECTIONS_PATH }
export const create: Target = { service: 'platform', method: 'POST', path: CONNECTIONS_PATH }
export const readBack: Target = {
  service: 'platform',
  method: 'GET',
  path: /^\/data\/foundation\/flowservice\/connections\/[^/]+$/,
}
export const patch: Target = { service: 'platform', method: 'PATCH' }
export const ims: Target = { service: 'ims', path: IMS_TOKEN_PATH }
export const hubspotToken: Target = { service: 'hubspot', path: HUBSPOT_TOKEN_PATH }
export const anyPlatform: Target = { service: 'platform' }

type Extra = Omit<FaultSpec, 'service' | 'method' | 'path' | 'kind'>

/** Answer with `status` (and its headers or body) instead of handling the request. */
export const status = (target: Target, code: number, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'status',
  status: code,
  ...extra,
})
/** Never answer. */
export const stall = (target: Target, extra: Extra = {}): FaultSpec => ({ ...target, kind: 'stall', ...extra })
/** Reset the connection without handling the request. */
export const reset = (target: Target, extra: Extra = {}): FaultSpec => ({ ...target, kind: 'reset', ...extra })
/** Handle the request (it takes effect), then reset instead of answering. */
export const commitThenReset = (target: Target, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'commit-then-reset',
  ...extra,
})
/** Handle the request, then answer with a cut-off body. */
export const malformed = (target: Target, extra: Extra = {}): FaultSpec => ({ ...target, kind: 'malformed', ...extra })
/** Hold the request `ms`, then handle it (even when the client gave up) and answer. */
export const delay = (target: Target, ms: number, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'delay',
  delayMs: ms,
  ...extra,
})
/** Answer with a redirect instead of handling the request. */
export const redirect = (target: Target, location: string, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'redirect',
  location,
  ...extra,
})
/** Handle the request (it takes effect), then answer with its status but this body. */
export const body = (target: Target, text: string, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'body',
  body: text,
  ...extra,
})
/** Answer 200 with a JSON body of `bytes` bytes, without handling the request. */
export const oversized = (target: Target, bytes: number, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'oversized',
  bytes,
  ...extra,
})
/**
 * Hold the request until one matching `until` has been answered, then handle it (or answer
 * `status`): a request held for one that the product sends only after this one's answer never ends.
 */
export const holdUntil = (target: Target, until: Target, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'hold-until',
  until,
  ...extra,
})
/** Answer `status` at once; the request takes effect only after `afterRequests` more requests. */
export const failThenCommit = (target: Target, code: number, afterRequests: number, extra: Extra = {}): FaultSpec => ({
  ...target,
  kind: 'fail-then-commit',
  status: code,
  afterRequests,
  ...extra,
})
