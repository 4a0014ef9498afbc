import { parseJsonObject, stringField, type ServiceErrorDetails } from '../core/service-client.js'

const REAUTHORIZE =
  'Reinstall or reauthorize the HubSpot app to get a new refresh token, and update the hubspot-refresh-token secret.'

/**
 * Reads HubSpot's OAuth errors, which combine RFC 6749 fields with HubSpot's own:
 * `{"error", "error_description", "status", "message", "correlationId"}`, and its generic API
 * error model `{"category", "message", "correlationId"}`.
 */
export function hubspotErrorDetails(body: string): ServiceErrorDetails {
  const json = parseJsonObject(body)
  if (!json) return {}
  const status = stringField(json, 'status')
  const error = stringField(json, 'error')
  const category = stringField(json, 'category')
  const code = status && status !== 'error' ? status : (error ?? category)
  const message = stringField(json, 'error_description') ?? stringField(json, 'message')
  return {
    code,
    message,
    requestId: stringField(json, 'correlationId'),
    hint: hubspotHint(code, error, message),
  }
}

function hubspotHint(
  code: string | undefined,
  error: string | undefined,
  message: string | undefined,
): string | undefined {
  if (message?.includes('not issued to this client')) {
    return 'hubspot-refresh-token was issued to a different HubSpot app than hubspot-client-id: use the client ID and secret of the app that issued the refresh token.'
  }
  if (code === 'BAD_REFRESH_TOKEN' || error === 'invalid_grant') {
    return `hubspot-refresh-token is invalid, expired or revoked (for example, the app was uninstalled). ${REAUTHORIZE}`
  }
  if (code === 'BAD_CLIENT_ID' || code === 'BAD_CLIENT_SECRET' || error === 'invalid_client') {
    return "hubspot-client-id or hubspot-client-secret is wrong: copy both from the app's Auth settings in your HubSpot developer account."
  }
  if (code === 'EXPIRED_AUTHENTICATION') {
    return 'The HubSpot access token expired (they last 30 minutes): leave hubspot-access-token empty so the step mints a fresh one.'
  }
  return undefined
}
