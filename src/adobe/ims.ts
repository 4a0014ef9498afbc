import * as z from '../core/zod.js'
import { nonEmptyText, requireHeaderSafe } from '../core/server-values.js'
import { expiresIn, ServiceClient, type ServiceDescription } from '../core/service-client.js'
import type { SecretRegistry } from '../core/secrets.js'
import type { Sender } from '../core/sender.js'
import { imsErrorDetails } from './adobe-errors.js'
import { lazily } from '../core/lazily.js'

export interface ImsCredentials {
  clientId: string
  clientSecret: string
  scopes: string[]
}

export interface ImsToken {
  accessToken: string
  expiresInSeconds?: number | undefined
}

const IMS: ServiceDescription = { name: 'Adobe IMS', requestIdHeader: 'x-request-id', errorDetails: imsErrorDetails }

const TokenAnswer = lazily(() => z.object({ access_token: nonEmptyText(), expires_in: expiresIn() }))

/** Adobe IMS: mints access tokens with OAuth Server-to-Server credentials (client_credentials). */
export class ImsClient extends ServiceClient {
  constructor(
    sender: Sender,
    secrets: SecretRegistry,
    private readonly imsUrl: string,
  ) {
    super(IMS, sender, secrets)
  }

  /** The token is masked before this returns it, so nothing downstream can print it. */
  async mintToken(credentials: ImsCredentials): Promise<ImsToken> {
    const operation = 'mint access token (POST /ims/token/v3)'
    const answer = await this.send(
      {
        operation,
        method: 'POST',
        url: `${this.imsUrl}/ims/token/v3`,
        form: {
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: credentials.scopes.join(','),
        },
        // Minting twice only makes a second token.
        resend: 'idempotent',
      },
      TokenAnswer(),
    )
    this.secrets.register(answer.access_token)
    requireHeaderSafe(answer.access_token, { service: 'Adobe IMS', operation })
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in }
  }
}
