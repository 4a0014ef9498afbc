import type { ResourceKind } from '../adobe/flow-service/ensure-one.js'
import type { HubSpotApp, HubSpotOAuthClient } from './oauth.js'

/** HubSpot's connection spec in Flow Service (Adobe's HubSpot source). */
export const HUBSPOT_CONNECTION_SPEC = { id: 'cc6a4487-9e91-433e-a3a3-9cf6626c1806', version: '1.0' } as const
/** The auth spec the HubSpot connection spec names for its four OAuth values. */
export const HUBSPOT_AUTH_SPEC_NAME = 'Basic Authentication'

/** The four values a HubSpot base connection stores (all four required by its connection spec). */
export interface HubSpotAuthParams {
  clientId: string
  clientSecret: string
  accessToken: string
  refreshToken: string
}

/** HubSpot base connections: the connection spec, checked again on every listed item. */
export const HUBSPOT_BASE_CONNECTIONS: ResourceKind = {
  collection: 'connections',
  filters: [`connectionSpec.id==${HUBSPOT_CONNECTION_SPEC.id}`],
  belongs: (resource) => resource.connectionSpec?.id === HUBSPOT_CONNECTION_SPEC.id,
}

/** The body of `POST /connections` for a HubSpot base connection. */
export function baseConnectionBody(name: string, description: string | undefined, params: HubSpotAuthParams): unknown {
  return {
    name,
    ...(description !== undefined ? { description } : {}),
    auth: { specName: HUBSPOT_AUTH_SPEC_NAME, params },
    connectionSpec: HUBSPOT_CONNECTION_SPEC,
  }
}

export interface HubSpotCredentials extends HubSpotApp {
  refreshToken: string
  accessToken?: string | undefined
}

/**
 * Proves the HubSpot credentials before Flow Service sees them, and returns the params to store:
 * a given access token is introspected (live, and of this app); otherwise a fresh one is minted
 * from the refresh token (which HubSpot may rotate).
 */
export async function proveHubSpotCredentials(
  oauth: HubSpotOAuthClient,
  credentials: HubSpotCredentials,
  log: (line: string) => void,
): Promise<HubSpotAuthParams> {
  const app = { clientId: credentials.clientId, clientSecret: credentials.clientSecret }
  const given = credentials.accessToken
  if (given !== undefined) {
    const token = await oauth.introspect(given)
    oauth.requireUsable(token)
    const left = token.expiresInSeconds !== undefined ? ` (${Math.round(token.expiresInSeconds / 60)} min left)` : ''
    log(`hubspot-access-token is active${left}.`)
    return { ...app, accessToken: given, refreshToken: credentials.refreshToken }
  }
  const tokens = await oauth.refresh(credentials.refreshToken)
  const rotated =
    tokens.refreshToken !== credentials.refreshToken
      ? ' HubSpot returned a new refresh token; the connection stores it.'
      : ''
  log(`Minted a fresh HubSpot access token from hubspot-refresh-token.${rotated}`)
  return { ...app, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
}
