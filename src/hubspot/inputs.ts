import { identifier, secret, type Rule } from '../core/inputs.js'

const OAUTH_ONLY =
  "is a private-app or static access token (it starts with pat-), which Adobe's HubSpot source does not accept: it needs the refresh token of a HubSpot app with OAuth. docs/HUBSPOT.md shows how to get one"

/** A HubSpot OAuth token is refused when it is a private-app or static token (`pat-…`). */
const notPrivateAppToken: Rule = (value) => (value.startsWith('pat-') ? OAUTH_ONLY : undefined)

/** The HubSpot app's OAuth values, as the actions take them. */
export function hubspotInputs() {
  return {
    'hubspot-client-id': identifier(),
    'hubspot-client-secret': secret(true),
    'hubspot-refresh-token': secret(true, notPrivateAppToken),
    'hubspot-access-token': secret(false, notPrivateAppToken),
  }
}
