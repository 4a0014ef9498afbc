/**
 * Access tokens minted by the emulated IMS and HubSpot, with their bindings and expiry.
 * Tokens are random strings shaped like the real ones; only this store makes them "valid".
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { HUBSPOT_EXPIRES_IN_SECONDS, IMS_EXPIRES_IN_SECONDS } from './config.js'

export interface ImsTokenInfo {
  clientId: string
  scopes: string[]
  expiresAt: number
}

export interface HubSpotTokenInfo {
  expiresAt: number
}

const b64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url')

/**
 * An IMS-like JWT: `eyJ…` header and payload, and a signature segment that is guaranteed to
 * contain both '-' and '_' (tests for leaks and escaping rely on those characters being present).
 */
function imsJwt(clientId: string, scopes: string[]): string {
  const header = b64url(
    JSON.stringify({ alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' }),
  )
  const payload = b64url(
    JSON.stringify({
      id: `${Date.now()}_${randomUUID()}_ue1`,
      type: 'access_token',
      client_id: clientId,
      user_id: `${randomBytes(12).toString('hex').toUpperCase()}@techacct.adobe.com`,
      as: 'ims-na1',
      aa_id: `${randomBytes(12).toString('hex').toUpperCase()}@techacct.adobe.com`,
      created_at: String(Date.now()),
      expires_in: String(IMS_EXPIRES_IN_SECONDS * 1000 + 1000),
      scope: scopes.join(','),
    }),
  )
  let signature = ''
  while (!signature.includes('-') || !signature.includes('_')) signature = b64url(randomBytes(256))
  return `${header}.${payload}.${signature}`
}

/** A HubSpot-like access token ("CJ…", base64url alphabet, well under HubSpot's 300-char bound). */
function hubspotAccessToken(): string {
  return `CJ${b64url(randomBytes(120))}`
}

export class TokenStore {
  private readonly ims = new Map<string, ImsTokenInfo>()
  private readonly hubspot = new Map<string, HubSpotTokenInfo>()

  issueIms(clientId: string, scopes: string[]): string {
    const token = imsJwt(clientId, scopes)
    this.ims.set(token, { clientId, scopes, expiresAt: Date.now() + IMS_EXPIRES_IN_SECONDS * 1000 })
    return token
  }

  /** The token's binding when it was issued here and has not expired. */
  validIms(token: string): ImsTokenInfo | undefined {
    const info = this.ims.get(token)
    return info !== undefined && info.expiresAt > Date.now() ? info : undefined
  }

  expireIms(): void {
    for (const info of this.ims.values()) info.expiresAt = 0
  }

  issueHubSpot(): string {
    const token = hubspotAccessToken()
    this.hubspot.set(token, { expiresAt: Date.now() + HUBSPOT_EXPIRES_IN_SECONDS * 1000 })
    return token
  }

  validHubSpot(token: string): HubSpotTokenInfo | undefined {
    const info = this.hubspot.get(token)
    return info !== undefined && info.expiresAt > Date.now() ? info : undefined
  }

  /** Whether the token was issued here (since the last clear), live or expired. */
  issuedHubSpot(token: string): boolean {
    return this.hubspot.has(token)
  }

  expireHubSpot(): void {
    for (const info of this.hubspot.values()) info.expiresAt = 0
  }

  /** Every token issued since the last clear, live or expired. */
  all(): string[] {
    return [...this.ims.keys(), ...this.hubspot.keys()]
  }

  clear(): void {
    this.ims.clear()
    this.hubspot.clear()
  }
}
