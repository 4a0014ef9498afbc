import * as z from './zod.js'
import type { ServiceName } from './errors.js'
import { unexpectedAnswer } from './service-client.js'

// The shapes of what servers send that the actions print, put in a summary or set as an output.
// An id or an etag is checked against the shape its service documents, so no server (nor anyone
// in the middle) can put a newline, a workflow command or markup into one; anything else fails
// decoding as an unexpected answer.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A quoted string of visible ASCII but quotes: `"6802064a-0000-0200-0000-6387c6b90000"`. */
const ETAG = /^"[\x21\x23-\x7e]+"$/

/** A Flow Service resource id (connections, source and target connections, flows, runs). */
export const uuid = () => z.string().check(z.regex(UUID, { message: 'is not a UUID' }))

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

/** An id of `length` hexadecimal characters: Data Prep mapping sets (32), Catalog datasets (24). */
export const hexId = (length: number) =>
  z
    .string()
    .check(z.regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), { message: `is not ${length} hexadecimal characters` }))

export const etag = () => z.string().check(z.regex(ETAG, { message: 'is not a quoted etag' }))

/** Text of at least one character: a token, a name, a schema's id or content type. */
export const nonEmptyText = () => z.string().check(z.minLength(1))

/**
 * A token must be visible ASCII to go into an HTTP header: one that is not is the answer's problem,
 * found before any request carries it (and not worth a retry).
 */
export function requireHeaderSafe(
  token: string,
  call: { service: ServiceName; operation: string },
  what = 'access token',
): void {
  if (/^[\x21-\x7e]+$/.test(token)) return
  throw unexpectedAnswer(
    call,
    `the ${what} in the answer cannot be sent in an HTTP header (it holds spaces or control characters)`,
    200,
  )
}
