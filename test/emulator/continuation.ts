/**
 * Opaque continuation tokens for the Flow Service lists (`GET /connections`, `/flows`, …). A token
 * carries the whole query (collection, filters, order, page size) plus the offset, so the
 * `_links.next.href` needs nothing else. Tokens are HMAC-signed with a per-emulator key, so a
 * garbled or forged token is rejected, not misread.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export interface PageState {
  /** The list the token belongs to; absent means 'connections'. */
  collection?: string
  sandbox: string
  /** Decoded `property` values, in order. */
  properties: string[]
  orderby?: string
  pageSize: number
  offset: number
}

export class ContinuationCodec {
  private readonly key = randomBytes(32)

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 22)
  }

  /** base64url(JSON) + '.' + signature: only URL-safe characters, no escaping needed. */
  encode(state: PageState): string {
    const payload = Buffer.from(JSON.stringify(state)).toString('base64url')
    return `${payload}.${this.sign(payload)}`
  }

  decode(token: string): PageState | undefined {
    const [payload, signature, ...extra] = token.split('.')
    if (payload === undefined || signature === undefined || extra.length > 0) return undefined
    const expected = Buffer.from(this.sign(payload))
    const given = Buffer.from(signature)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PageState
    } catch {
      return undefined
    }
  }
}
