import type { SecretRegistry } from '../core/secrets.js'
import type { Sender } from '../core/sender.js'
import { ImsClient, type ImsCredentials } from './ims.js'
import type { AdobeConfig } from './inputs.js'
import type { PlatformContext } from './platform.js'

/**
 * The IMS access token Adobe calls carry: the one the user gave, or one minted from the client
 * secret. When a secret is at hand, a token the platform rejects can be replaced once.
 */
export class AdobeTokenSource {
  private token: string | undefined
  /** The step's one renewal, once asked for: requests refused at the same time share it. */
  private renewal: Promise<string> | undefined
  /** Whether the current token is the user's own (adobe-access-token) rather than minted here. */
  given: boolean

  constructor(
    private readonly ims: ImsClient,
    private readonly credentials: Omit<ImsCredentials, 'clientSecret'> & { clientSecret?: string | undefined },
    private readonly log: (line: string) => void,
    givenToken?: string,
  ) {
    this.token = givenToken
    this.given = givenToken !== undefined
  }

  /** Mints a token unless one was given; returns a line for the log. */
  async prepare(): Promise<string> {
    if (this.token !== undefined) return 'Using the IMS access token from adobe-access-token.'
    return this.mint()
  }

  current(): string {
    if (this.token === undefined) throw new Error('the IMS access token was used before it was prepared')
    return this.token
  }

  /**
   * A token to send instead of `rejected`, which `service` answered with 401: the one a renewal
   * made meanwhile (several requests may be refused at once; they share one renewal), else a
   * fresh one, minted once per step and only when the client secret is known. Undefined when
   * there is none; the request that asked first gets the renewal's error.
   */
  async renew(rejected: string, service: string): Promise<string | undefined> {
    if (this.renewal === undefined) {
      if (rejected !== this.token || this.credentials.clientSecret === undefined) return this.instead(rejected)
      this.log(`${service} rejected the ${this.given ? 'given' : 'minted'} IMS access token; minting a new one.`)
      this.renewal = this.mint()
      await this.renewal
    } else {
      await this.renewal.catch(() => undefined)
    }
    return this.instead(rejected)
  }

  /** The current token, when it is not the rejected one. */
  private instead(rejected: string): string | undefined {
    return this.token !== undefined && this.token !== rejected ? this.token : undefined
  }

  private async mint(): Promise<string> {
    const { clientSecret } = this.credentials
    if (clientSecret === undefined) throw new Error('minting an IMS token needs adobe-client-secret')
    const minted = await this.ims.mintToken({ ...this.credentials, clientSecret })
    this.token = minted.accessToken
    this.given = false
    const validity = minted.expiresInSeconds ? `, valid for ${Math.round(minted.expiresInSeconds / 3600)} h` : ''
    return `Minted an IMS access token for client ${this.credentials.clientId}${validity}.`
  }
}

/** The token source of an action's Adobe config: the given token, or one minted with the secret. */
export function adobeTokens(
  adobe: AdobeConfig,
  imsUrl: string,
  clients: { sender: Sender; secrets: SecretRegistry },
  log: (line: string) => void,
): AdobeTokenSource {
  return new AdobeTokenSource(
    new ImsClient(clients.sender, clients.secrets, imsUrl),
    { clientId: adobe.clientId, clientSecret: adobe.clientSecret, scopes: adobe.scopes },
    log,
    adobe.accessToken,
  )
}

/** What every Platform call of an action carries. */
export function platformContext(
  adobe: AdobeConfig,
  platformUrl: string,
  sandboxName: string,
  tokens: AdobeTokenSource,
): PlatformContext {
  return { platformUrl, apiKey: adobe.clientId, orgId: adobe.orgId, sandboxName, tokens }
}
