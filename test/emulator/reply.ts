/**
 * What a service handler sees and returns. Handlers never touch the socket: they return a Reply,
 * and `server.ts` decides whether to send it (or, for faults, to drop it).
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { ServiceName } from './types.js'

export interface RequestContext {
  service: ServiceName
  method: string
  /** Raw pathname (not percent-decoded). */
  path: string
  /** Raw query string without the leading '?' ('' when none). */
  rawQuery: string
  headers: IncomingHttpHeaders
  body: string
  /** Also sent as the `x-request-id` response header. */
  requestId: string
}

export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) }
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' }
}

/** A single header value ('' and absent are both "missing"; repeated headers: the first). */
export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()]
  const first = Array.isArray(value) ? value[0] : value
  return first === undefined || first === '' ? undefined : first
}

/** Media type of Content-Type without parameters, lower-cased ('' when absent). */
export function mediaType(ctx: RequestContext): string {
  return (header(ctx, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}
