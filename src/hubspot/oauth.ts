import * as z from '../core/zod.js'
import { ActionError } from '../core/errors.js'
import type { SecretRegistry } from '../core/secrets.js'
import type { Sender } from '../core/sender.js'
import { nonEmptyText, requireHeaderSafe } from '../core/server-values.js'
import { expiresIn, ServiceClient, type ServiceDescription } from '../core/service-client.js'
import { hubspotErrorDetails } from './hubspot-errors.js'
import { lazily } from '../core/lazily.js'

/** HubSpot's OAuth API version; the v1 endpoints are retired on 2027-02-16. */
const OAUTH_PATH = '/oauth/2026-03'
const STALE_TOKEN_HINT =
  'Leave hubspot-access-token empty and the step mints a fresh one from hubspot-refresh-token: HubSpot access tokens last 30 minutes, so a stored one is usually stale.'

const HUBSPOT_OAUTH: ServiceDescription = {
  name: 'HubSpot OAuth',
  requestIdHeader: 'x-hubspot-correlation-id',
  errorDetails: hubspotErrorDetails,
}

export interface HubSpotApp {
  clientId: string
  clientSecret: string
}

export interface HubSpotTokens {
  accessToken: string
  /** HubSpot may hand back a new refresh token; it must then replace the old one. */
  refreshToken: string
  expiresInSeconds?: number | undefined
}

export interface IntrospectedToken {
  active: boolean
  clientId?: string | undefined
  hubId?: string | undefined
  expiresInSeconds?: number | undefined
}

const optionalText = () =>
  z.pipe(
    z.optional(z.union([z.string(), z.number()])),
    z.transform((value: string | number | undefined) =>
      value === undefined || value === '' ? undefined : String(value),
    ),
  )

const RefreshAnswer = lazily(() =>
  z.object({ access_token: nonEmptyText(), refresh_token: optionalText(), expires_in: expiresIn() }),
)
const IntrospectAnswer = lazily(() =>
  z.object({
    active: z.boolean(),
    client_id: optionalText(),
    hub_id: optionalText(),
    expires_in: expiresIn(),
  }),
)

/** HubSpot's OAuth API: fresh access tokens, and what a given one is. */
export class HubSpotOAuthClient extends ServiceClient {
  constructor(
    sender: Sender,
    secrets: SecretRegistry,
    private readonly hubspotUrl: string,
    private readonly app: HubSpotApp,
  ) {
    super(HUBSPOT_OAUTH, sender, secrets)
  }

  /** Mints a fresh access token from the refresh token; masks what comes back before returning it. */
  async refresh(refreshToken: string): Promise<HubSpotTokens> {
    const operation = `refresh access token (POST ${OAUTH_PATH}/token)`
    const answer = await this.send(
      {
        operation,
        method: 'POST',
        url: `${this.hubspotUrl}${OAUTH_PATH}/token`,
        form: {
          grant_type: 'refresh_token',
          client_id: this.app.clientId,
          client_secret: this.app.clientSecret,
          refresh_token: refreshToken,
        },
        // A refresh only mints another access token; HubSpot keeps the refresh token valid.
        resend: 'idempotent',
      },
      RefreshAnswer(),
    )
    this.secrets.register(answer.access_token)
    this.secrets.register(answer.refresh_token)
    requireHeaderSafe(answer.access_token, { service: 'HubSpot OAuth', operation })
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? refreshToken,
      expiresInSeconds: answer.expires_in,
    }
  }

  /** Asks HubSpot whether an access token is live, and for which app it was issued. */
  async introspect(accessToken: string): Promise<IntrospectedToken> {
    const answer = await this.send(
      {
        operation: `introspect access token (POST ${OAUTH_PATH}/token/introspect)`,
        method: 'POST',
        url: `${this.hubspotUrl}${OAUTH_PATH}/token/introspect`,
        form: {
          client_id: this.app.clientId,
          client_secret: this.app.clientSecret,
          token: accessToken,
          token_type_hint: 'access_token',
        },
        resend: 'idempotent',
        // Other than the app's own credentials, what introspection refuses is the token itself.
        refine: (details, response) =>
          details.hint === undefined && response.status < 500 ? { ...details, hint: STALE_TOKEN_HINT } : details,
      },
      IntrospectAnswer(),
    )
    return {
      active: answer.active,
      clientId: answer.client_id,
      hubId: answer.hub_id,
      expiresInSeconds: answer.expires_in,
    }
  }

  /** Fails early, with the fix, when a given access token cannot be used. */
  requireUsable(token: IntrospectedToken): void {
    if (!token.active) {
      throw new ActionError('hubspot-access-token is not active: it expired or was revoked', {
        kind: 'auth',
        service: 'HubSpot OAuth',
        operation: 'introspect access token',
        hint: STALE_TOKEN_HINT,
      })
    }
    if (token.clientId && token.clientId !== this.app.clientId) {
      throw new ActionError('hubspot-access-token was issued to a different HubSpot app than hubspot-client-id', {
        kind: 'auth',
        service: 'HubSpot OAuth',
        operation: 'introspect access token',
        hint: 'Use the access token, refresh token, client ID and client secret of one and the same HubSpot app.',
      })
    }
  }
}
