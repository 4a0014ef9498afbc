import { parseJsonObject, stringField, type ServiceErrorDetails } from '../core/service-client.js'

const PERMISSION_HINT =
  'In Adobe Admin Console, add the API credential to an Experience Platform product profile whose ' +
  'permissions include Sources > View Sources and Manage Sources, in this sandbox.'

/** Hints for the API gateway's error codes (header and token problems). */
const GATEWAY_HINTS: Record<string, string> = {
  '401013':
    'The IMS access token is invalid or expired. IMS tokens last 24 hours; give adobe-client-secret so the step mints its own.',
  '403010': 'No IMS access token reached Flow Service; check adobe-access-token or adobe-client-secret.',
  '403000': 'Set adobe-client-id: it is sent as x-api-key.',
  '403003':
    'adobe-client-id is not valid for this token: use the client ID of the same OAuth Server-to-Server credential that the token or secret belongs to.',
  '400003': 'Set adobe-org-id (<24 hex>@AdobeOrg).',
  '403025':
    'The organization is not provisioned for Experience Platform for this credential: add the credential to an Experience Platform product profile in Admin Console.',
  '403027':
    'Check adobe-org-id is the organization of the credential (Developer Console shows it), and that the credential has an Experience Platform product profile.',
}

/** Hints for Flow Service's FLOW-<code>-<status> errors. */
const FLOW_HINTS: Record<string, string> = {
  '2000-401': 'The credential has no access to adobe-org-id; check the org ID and the credential.',
  '2001-401': 'Set adobe-org-id.',
  '2002-401': 'Set adobe-org-id.',
  '2100-404': "Check sandbox-name: it is the sandbox's lowercase name (as in the URL), not its title.",
  '2101-404': "Check sandbox-name: it is the sandbox's lowercase name (as in the URL), not its title.",
  '2105-400': 'Set sandbox-name.',
  '2114-400': 'The IMS access token is empty; check adobe-access-token or adobe-client-secret.',
  '2115-400': 'The IMS access token is not valid; give adobe-client-secret so the step mints its own.',
  '2118-403': PERMISSION_HINT,
  '2120-403': PERMISSION_HINT,
  '2121-403': PERMISSION_HINT,
  '1413-400':
    'Flow Service does not know the HubSpot connection spec in this sandbox; check the organization has the HubSpot source.',
  '1415-400':
    'Flow Service no longer accepts the "Basic Authentication" auth spec for HubSpot; please report this to the action\'s maintainers.',
  '1404-412': 'The connection changed while the step ran; re-run the job.',
  '1101-404': 'The connection no longer exists; re-run the job to create it again.',
}

/**
 * Reads both Adobe error shapes: the gateway's `{"error_code", "message"}` and Flow Service's
 * `{"type": ".../FLOW-<code>-<status>", "title", "report": {"detailed-message", "request-id"}, ...}`.
 */
export function adobeErrorDetails(body: string): ServiceErrorDetails {
  const json = parseJsonObject(body)
  if (!json) return {}
  const gatewayCode = stringField(json, 'error_code')
  if (gatewayCode) {
    return { code: gatewayCode, message: stringField(json, 'message'), hint: GATEWAY_HINTS[gatewayCode] }
  }
  const type = stringField(json, 'type')
  const flowCode = type?.match(/([A-Z]+-\d+-\d+)$/)?.[1]
  const message =
    stringField(json, 'report', 'detailed-message') ??
    stringField(json, 'errorMessage') ??
    stringField(json, 'detail') ??
    stringField(json, 'title') ??
    stringField(json, 'message')
  const hintKey = flowCode?.replace(/^FLOW-/, '')
  return {
    code: flowCode ?? stringField(json, 'title'),
    message,
    requestId: stringField(json, 'report', 'request-id'),
    hint: hintKey ? FLOW_HINTS[hintKey] : undefined,
  }
}

const IMS_HINTS: Record<string, string> = {
  invalid_client:
    'adobe-client-id or adobe-client-secret is wrong: copy both from the OAuth Server-to-Server credential in Adobe Developer Console.',
  invalid_scope: "Set adobe-scopes to exactly the scopes shown on the credential's page in Adobe Developer Console.",
  unauthorized_client:
    'The credential may not use client_credentials: use an OAuth Server-to-Server credential (JWT credentials reached end of life).',
  unsupported_grant_type: 'The IMS endpoint refused client_credentials; check ims-url.',
}

/** Reads IMS's OAuth errors: `{"error", "error_description"}`. */
export function imsErrorDetails(body: string): ServiceErrorDetails {
  const json = parseJsonObject(body)
  if (!json) return {}
  const code = stringField(json, 'error')
  return {
    code,
    message: stringField(json, 'error_description') ?? code,
    hint: code ? IMS_HINTS[code] : undefined,
  }
}
