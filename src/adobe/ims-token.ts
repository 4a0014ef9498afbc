import * as core from '@actions/core'
import type { Sender } from '../http.js'
import type { SecretRegistry } from '../secrets.js'
import { mintImsToken, type ImsCredentials } from './ims.js'

/**
 * The IMS access token Flow Service calls carry: the one the user gave, or one minted from the
 * client secret. When a secret is at hand, a token Flow Service rejects can be replaced once.
 */
export class AdobeTokenSource {
  private token: string | undefined
  private renewals = 0

  constructor(
    private readonly http: Sender,
    private readonly imsUrl: string,
    private readonly credentials: Omit<ImsCredentials, 'clientSecret'> & { clientSecret?: string },
    private readonly secrets: SecretRegistry,
    givenToken?: string,
  ) {
    this.token = givenToken
    this.given = givenToken !== undefined
  }

  /** Whether the current token is the user's own (adobe-access-token) rather than minted here. */
  given: boolean

  /** Mints a token unless one was given; returns a line for the log. */
  async prepare(): Promise<string> {
    if (this.token !== undefined) return 'Using the IMS access token from adobe-access-token.'
    return this.mint()
  }

  current(): string {
    if (this.token === undefined) throw new Error('the IMS access token was used before it was prepared')
    return this.token
  }

  /** A rejected token can be replaced once, and only when the client secret is known. */
  canRenew(): boolean {
    return this.credentials.clientSecret !== undefined && this.renewals === 0
  }

  async renew(): Promise<void> {
    this.renewals++
    core.info(`Flow Service rejected the ${this.given ? 'given' : 'minted'} IMS access token; minting a new one.`)
    await this.mint()
  }

  private async mint(): Promise<string> {
    const { clientSecret } = this.credentials
    if (clientSecret === undefined) throw new Error('minting an IMS token needs adobe-client-secret')
    const minted = await mintImsToken(this.http, this.imsUrl, { ...this.credentials, clientSecret }, this.secrets)
    this.token = minted.accessToken
    this.given = false
    const validity = minted.expiresInSeconds ? `, valid for ${Math.round(minted.expiresInSeconds / 3600)} h` : ''
    return `Minted an IMS access token for client ${this.credentials.clientId}${validity}.`
  }
}
