import { ActionError } from '../errors.js'
import type { HttpRequest, Sender } from '../http.js'
import { failedResponse, parseSuccessBody, stringField, unexpectedShape } from '../responses.js'
import type { SecretRegistry } from '../secrets.js'
import { hubspotErrorDetails } from './hubspot-errors.js'

/** HubSpot's OAuth API version; the v1 endpoints are retired on 2027-02-16. */
const OAUTH_PATH = '/oauth/2026-03'
const CORRELATION_HEADER = 'x-hubspot-correlation-id'
const STALE_TOKEN_HINT =
  'Leave hubspot-access-token empty and the step mints a fresh one from hubspot-refresh-token: HubSpot access tokens last 30 minutes, so a stored one is usually stale.'

export interface HubSpotApp {
  clientId: string
  clientSecret: string
}

export interface HubSpotTokens {
  accessToken: string
  /** HubSpot may hand back a new refresh token; it must then replace the old one. */
  refreshToken: string
  expiresInSeconds?: number
}

export interface IntrospectedToken {
  active: boolean
  clientId?: string
  hubId?: string
  expiresInSeconds?: number
}

function formRequest(hubspotUrl: string, path: string, operation: string, fields: Record<string, string>): HttpRequest {
  return {
    service: 'HubSpot OAuth',
    operation,
    method: 'POST',
    url: `${hubspotUrl}${OAUTH_PATH}${path}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  }
}

/** Mints a fresh access token from the refresh token; masks what comes back before returning it. */
export async function refreshAccessToken(
  http: Sender,
  hubspotUrl: string,
  app: HubSpotApp,
  refreshToken: string,
  secrets: SecretRegistry,
): Promise<HubSpotTokens> {
  const request = formRequest(hubspotUrl, '/token', `refresh access token (POST ${OAUTH_PATH}/token)`, {
    grant_type: 'refresh_token',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    refresh_token: refreshToken,
  })
  const response = await http.send(request)
  if (response.status !== 200) {
    throw failedResponse(request, response, hubspotErrorDetails(response.body), secrets, CORRELATION_HEADER)
  }
  const body = parseSuccessBody(request, response, CORRELATION_HEADER)
  const accessToken = stringField(body, 'access_token')
  const newRefreshToken = stringField(body, 'refresh_token')
  secrets.register(accessToken)
  secrets.register(newRefreshToken)
  if (!accessToken) throw unexpectedShape(request, response, 'no access_token')
  const expiresIn = Number(stringField(body, 'expires_in'))
  return {
    accessToken,
    refreshToken: newRefreshToken ?? refreshToken,
    ...(Number.isFinite(expiresIn) ? { expiresInSeconds: expiresIn } : {}),
  }
}

/** Asks HubSpot whether an access token is live, and for which app it was issued. */
export async function introspectAccessToken(
  http: Sender,
  hubspotUrl: string,
  app: HubSpotApp,
  accessToken: string,
  secrets: SecretRegistry,
): Promise<IntrospectedToken> {
  const request = formRequest(
    hubspotUrl,
    '/token/introspect',
    `introspect access token (POST ${OAUTH_PATH}/token/introspect)`,
    {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      token: accessToken,
      token_type_hint: 'access_token',
    },
  )
  const response = await http.send(request)
  if (response.status !== 200) {
    const details = hubspotErrorDetails(response.body)
    // Other than the app's own credentials, what introspection refuses is the token itself.
    if (details.hint === undefined && response.status < 500) details.hint = STALE_TOKEN_HINT
    throw failedResponse(request, response, details, secrets, CORRELATION_HEADER)
  }
  const body = parseSuccessBody(request, response, CORRELATION_HEADER)
  if (typeof body !== 'object' || body === null || typeof (body as { active?: unknown }).active !== 'boolean') {
    throw unexpectedShape(request, response, 'no boolean "active" field')
  }
  const expiresIn = Number(stringField(body, 'expires_in'))
  return {
    active: (body as { active: boolean }).active,
    clientId: stringField(body, 'client_id'),
    hubId: stringField(body, 'hub_id'),
    ...(Number.isFinite(expiresIn) ? { expiresInSeconds: expiresIn } : {}),
  }
}

/** Fails early, with the fix, when a given access token cannot be used. */
export function requireUsableToken(token: IntrospectedToken, app: HubSpotApp): void {
  if (!token.active) {
    throw new ActionError('hubspot-access-token is not active: it expired or was revoked', {
      kind: 'auth',
      service: 'HubSpot OAuth',
      operation: 'introspect access token',
      hint: STALE_TOKEN_HINT,
    })
  }
  if (token.clientId && token.clientId !== app.clientId) {
    throw new ActionError('hubspot-access-token was issued to a different HubSpot app than hubspot-client-id', {
      kind: 'auth',
      service: 'HubSpot OAuth',
      operation: 'introspect access token',
      hint: 'Use the access token, refresh token, client ID and client secret of one and the same HubSpot app.',
    })
  }
}
