import { identifier, secret } from '../core/inputs.js'

const OAUTH_ONLY =
  "is a private-app or static access token (it starts with pat-), which Adobe's HubSpot source does not accept: it needs the refresh token of a HubSpot app with OAuth. docs/HUBSPOT.md shows how to get one"

/** A HubSpot OAuth token: refused when it is a private-app or static token (`pat-…`). */
const oauthToken = (isRequired: boolean) =>
  secret(isRequired).refine((value) => !value.startsWith('pat-'), { message: OAUTH_ONLY })

/** The HubSpot app's OAuth values, as the actions take them. */
export const hubspotInputs = {
  'hubspot-client-id': identifier(),
  'hubspot-client-secret': secret(true),
  'hubspot-refresh-token': oauthToken(true),
  'hubspot-access-token': oauthToken(false),
}
