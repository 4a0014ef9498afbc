import type { SecretRegistry } from '../core/secrets.js'
import type { Sender } from '../core/sender.js'
import { ServiceClient, type Call, type ServiceDescription } from '../core/service-client.js'
import { adobeErrorDetails } from './adobe-errors.js'

/** What every Experience Platform call carries: the gateway's headers and the IMS token. */
export interface PlatformContext {
  platformUrl: string
  /** The OAuth credential's client ID, sent as x-api-key. */
  apiKey: string
  orgId: string
  sandboxName: string
  tokens: TokenSource
}

/** Where the IMS token comes from (AdobeTokenSource); a rejected one may be replaced once. */
export interface TokenSource {
  readonly given: boolean
  current(): string
  /** A token to send instead of `rejected`, which `service` refused; undefined when there is none. */
  renew(rejected: string, service: string): Promise<string | undefined>
}

const GIVEN_TOKEN_REJECTED_HINT =
  'adobe-access-token was rejected. IMS access tokens last 24 hours; give adobe-client-secret instead (or as well) and the step mints its own.'
const MINTED_TOKEN_REJECTED_HINT =
  'A freshly minted IMS access token was rejected: check that adobe-client-id and adobe-org-id belong to the same OAuth Server-to-Server credential, and that it has an Experience Platform product profile.'

/** A service behind the Experience Platform gateway (platform.adobe.io), which share one error shape. */
export function platformService(name: ServiceDescription['name']): ServiceDescription {
  return { name, requestIdHeader: 'x-request-id', errorDetails: adobeErrorDetails }
}

/**
 * The base of the Experience Platform clients (Flow Service, Catalog, Data Prep): the gateway's
 * headers on every call, a new IMS token once after a 401, and the hint for a rejected token.
 */
export class PlatformClient extends ServiceClient {
  constructor(
    service: ServiceDescription,
    sender: Sender,
    secrets: SecretRegistry,
    protected readonly context: PlatformContext,
  ) {
    super(service, sender, secrets)
  }

  protected platformCall(call: Call): Call {
    const { tokens } = this.context
    // The token this request carries: what a 401 refused, when one comes.
    let sent = tokens.current()
    return {
      ...call,
      headers: {
        authorization: `Bearer ${sent}`,
        'x-api-key': this.context.apiKey,
        'x-gw-ims-org-id': this.context.orgId,
        'x-sandbox-name': this.context.sandboxName,
        ...call.headers,
      },
      renewAuth: async () => {
        const renewed = await tokens.renew(sent, this.service.name)
        if (renewed === undefined) return undefined
        sent = renewed
        return { authorization: `Bearer ${renewed}` }
      },
      refine: (details, response) => {
        const refined = call.refine ? call.refine(details, response) : details
        if (response.status !== 401 || (refined.code !== undefined && refined.code !== '401013')) return refined
        return { ...refined, hint: tokens.given ? GIVEN_TOKEN_REJECTED_HINT : MINTED_TOKEN_REJECTED_HINT }
      },
    }
  }
}
