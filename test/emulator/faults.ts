/**
 * Injected faults: a queue of FaultSpecs, each consumed by the next `times` matching requests.
 * Matching is checked before anything else (gateway checks included), so a fault hits a request
 * whatever its headers. The first registered matching fault wins.
 */
import { hubspotFaultBody, imsFaultBody, platformFaultBody } from './errors.js'
import { json, type Reply } from './reply.js'
import type { FaultSpec, RequestMatch, ServiceName } from './types.js'

interface ActiveFault {
  spec: FaultSpec
  remaining: number
}

export class FaultQueue {
  private faults: ActiveFault[] = []

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1
    if (!(times > 0)) throw new Error('FaultSpec.times must be positive')
    if (spec.kind === 'delay' && !(typeof spec.delayMs === 'number' && spec.delayMs >= 0)) {
      throw new Error("FaultSpec.delayMs is required for kind 'delay'")
    }
    if (spec.kind === 'body' && typeof spec.body !== 'string')
      throw new Error("FaultSpec.body is required for kind 'body'")
    if (spec.kind === 'hold-until' && spec.until === undefined)
      throw new Error("FaultSpec.until is required for kind 'hold-until'")
    if (spec.bytes !== undefined && !(Number.isSafeInteger(spec.bytes) && spec.bytes >= 2)) {
      throw new Error('FaultSpec.bytes must be an integer of at least 2')
    }
    if (spec.afterRequests !== undefined && !(Number.isInteger(spec.afterRequests) && spec.afterRequests >= 0)) {
      throw new Error('FaultSpec.afterRequests must be a non-negative integer')
    }
    // Copy the spec (a RegExp is kept as is) so later changes by the caller do not leak in.
    this.faults.push({
      spec: {
        ...spec,
        ...(spec.headers ? { headers: { ...spec.headers } } : {}),
        ...(spec.until ? { until: { ...spec.until } } : {}),
      },
      remaining: times,
    })
  }

  /** Consumes one use of the first fault matching this request, if any. */
  take(service: ServiceName, method: string, path: string): FaultSpec | undefined {
    const index = this.faults.findIndex(({ spec }) => matchesRequest(spec, service, method, path))
    const fault = this.faults[index]
    if (fault === undefined) return undefined
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults.splice(index, 1)
    return fault.spec
  }

  clear(): void {
    this.faults = []
  }
}

/** Whether a request (its service, method and pathname) is one that `spec` names. */
export function matchesRequest(spec: RequestMatch, service: ServiceName, method: string, path: string): boolean {
  if (spec.service !== service) return false
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false
  if (spec.path === undefined) return true
  if (typeof spec.path === 'string') return spec.path === path
  spec.path.lastIndex = 0 // a /g or /y regex keeps state between test() calls
  return spec.path.test(path)
}

/** The answer of a 'status' fault: the given body, or the service's fitting error body. */
export function statusFaultReply(spec: FaultSpec, service: ServiceName, requestId: string): Reply {
  const status = spec.status ?? 500
  const base =
    spec.body !== undefined
      ? { status, headers: { 'content-type': 'application/json' }, body: spec.body }
      : service === 'platform'
        ? platformFaultBody(requestId, status)
        : service === 'ims'
          ? imsFaultBody(status)
          : hubspotFaultBody(requestId, status)
  return { status, headers: { ...base.headers, ...lowerCaseKeys(spec.headers ?? {}) }, body: base.body }
}

/**
 * The answer of a 'malformed' fault, sent after the handler ran (so the request took effect):
 * the handler's 2xx status (200 when it failed or has no body to cut), a JSON content type, and
 * the handler's success body cut off mid-document (a canned body of the service when there is none).
 */
export function malformedReply(service: ServiceName, handled: Reply): Reply {
  const succeeded = handled.status >= 200 && handled.status < 300 && handled.body !== ''
  const full = succeeded ? handled : cannedSuccess(service)
  return {
    status: succeeded ? handled.status : 200,
    headers: { ...full.headers, 'content-type': 'application/json' },
    body: full.body.slice(0, Math.floor(full.body.length / 2)),
  }
}

/** A success body of the service, for a 'malformed' fault on a request that failed or had none. */
function cannedSuccess(service: ServiceName): Reply {
  return {
    ims: json(200, { access_token: 'eyJ-malformed-fault-not-a-token', token_type: 'bearer', expires_in: 86399 }),
    hubspot: json(200, { token_type: 'bearer', access_token: 'CJ-malformed-fault-not-a-token', expires_in: 1800 }),
    platform: json(200, {
      items: [{ id: '3f1c2e3a-4b5d-4e6f-8a9b-0c1d2e3f4a5b', name: 'HubSpot connection', state: 'enabled' }],
    }),
  }[service]
}

/**
 * The answer of a 'body' fault, sent after the handler ran (the request took effect): the
 * handler's status and headers (e.g. Location), but the fault's body and headers.
 */
export function bodyReply(spec: FaultSpec, handled: Reply): Reply {
  return {
    status: handled.status,
    headers: { ...handled.headers, 'content-type': 'application/json', ...lowerCaseKeys(spec.headers ?? {}) },
    body: spec.body ?? '',
  }
}

export function redirectReply(spec: FaultSpec, rawUrl: string): Reply {
  return {
    status: spec.status ?? 307,
    headers: { ...lowerCaseKeys(spec.headers ?? {}), location: spec.location ?? rawUrl },
    body: '',
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}
