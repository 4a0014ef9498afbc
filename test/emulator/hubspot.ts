/**
 * HubSpot OAuth (flow-service-notes §4): refresh (`/oauth/2026-03/token`, `/oauth/v3/token`,
 * `/oauth/v1/token`), introspection (`/oauth/2026-03/token/introspect`, `/oauth/v3/token/introspect`)
 * and the deprecated v1 metadata lookup `GET /oauth/v1/access-tokens/{token}`.
 * Introspection tells apart a token HubSpot issued that has expired (200 `{"active":false}`) from
 * one it never issued (400 VALIDATION_ERROR "Token is invalid", its generic error model).
 * All parameters travel in a form-urlencoded body, never in the query.
 */
import { HUBSPOT_APP_ID, HUBSPOT_EXPIRES_IN_SECONDS, HUBSPOT_SCOPES, type ResolvedConfig } from './config.js'
import { hubspotApiError, hubspotOAuthError } from './errors.js'
import { decodeComponent, parsePairs } from './query.js'
import { json, mediaType, type Handler, type Reply, type RequestContext } from './reply.js'
import type { TokenStore } from './tokens.js'

const TOKEN_PATHS = new Set(['/oauth/2026-03/token', '/oauth/v3/token', '/oauth/v1/token'])
const INTROSPECT_PATHS = new Set(['/oauth/2026-03/token/introspect', '/oauth/v3/token/introspect'])
const V1_METADATA_PREFIX = '/oauth/v1/access-tokens/'

type HubSpotConfig = ResolvedConfig['hubspot']

/** Form fields of the body, or an error reply when the body is not a usable form. */
function formFields(ctx: RequestContext): Map<string, string> | Reply {
  if (mediaType(ctx) !== 'application/x-www-form-urlencoded') {
    return hubspotApiError(
      ctx.requestId,
      400,
      'VALIDATION_ERROR',
      'Content-Type must be application/x-www-form-urlencoded',
    )
  }
  const parsed = parsePairs(ctx.body)
  if (parsed.malformed)
    return hubspotApiError(ctx.requestId, 400, 'VALIDATION_ERROR', 'The request body could not be parsed')
  return new Map(parsed.pairs)
}

/** BAD_CLIENT_ID / BAD_CLIENT_SECRET, or undefined when the app credentials are right. */
function checkClient(ctx: RequestContext, fields: Map<string, string>, config: HubSpotConfig): Reply | undefined {
  if (fields.get('client_id') !== config.clientId) {
    return hubspotOAuthError(ctx.requestId, 400, 'BAD_CLIENT_ID', 'invalid_client', 'missing or unknown client id')
  }
  if (fields.get('client_secret') !== config.clientSecret) {
    return hubspotOAuthError(
      ctx.requestId,
      400,
      'BAD_CLIENT_SECRET',
      'invalid_client',
      'missing or invalid client secret',
    )
  }
  return undefined
}

function refresh(ctx: RequestContext, config: HubSpotConfig, tokens: TokenStore): Reply {
  const fields = formFields(ctx)
  if (!(fields instanceof Map)) return fields
  if (fields.get('grant_type') !== 'refresh_token') {
    return hubspotOAuthError(
      ctx.requestId,
      400,
      'BAD_GRANT_TYPE',
      'unsupported_grant_type',
      'grant_type must be refresh_token',
    )
  }
  const clientError = checkClient(ctx, fields, config)
  if (clientError) return clientError
  if (fields.get('refresh_token') !== config.refreshToken) {
    return hubspotOAuthError(
      ctx.requestId,
      400,
      'BAD_REFRESH_TOKEN',
      'invalid_grant',
      'refresh token is invalid, expired or revoked',
    )
  }
  return json(200, {
    token_type: 'bearer',
    refresh_token: config.refreshToken,
    access_token: tokens.issueHubSpot(),
    expires_in: HUBSPOT_EXPIRES_IN_SECONDS,
    hub_id: config.hubId,
    scopes: HUBSPOT_SCOPES,
  })
}

function introspect(ctx: RequestContext, config: HubSpotConfig, tokens: TokenStore): Reply {
  const fields = formFields(ctx)
  if (!(fields instanceof Map)) return fields
  // The field is `token`; docs once said `access_token`, which the endpoint rejects.
  const token = fields.get('token')
  if (token === undefined || token === '') {
    return hubspotApiError(
      ctx.requestId,
      400,
      'VALIDATION_ERROR',
      'Invalid input: the form field "token" is required',
      {
        context: { token: ['Token is required'] },
        errors: [{ message: 'token is required', code: '400', in: 'token', subCategory: 'OAUTH' }],
      },
    )
  }
  const clientError = checkClient(ctx, fields, config)
  if (clientError) return clientError
  // A token HubSpot never issued is a validation error; one it issued that has expired is inactive.
  if (!tokens.issuedHubSpot(token)) {
    return hubspotApiError(ctx.requestId, 400, 'VALIDATION_ERROR', 'Token is invalid', {
      context: { token: ['Token is invalid'] },
      errors: [{ code: '400', in: 'token', subCategory: 'OAUTH', message: 'Token is invalid' }],
    })
  }
  const info = tokens.validHubSpot(token)
  if (info === undefined) return json(200, { active: false })
  return json(200, {
    active: true,
    token_use: 'access_token',
    client_id: config.clientId,
    hub_id: config.hubId,
    app_id: HUBSPOT_APP_ID,
    scopes: HUBSPOT_SCOPES,
    expires_in: Math.max(0, Math.floor((info.expiresAt - Date.now()) / 1000)),
    token_type: 'bearer',
  })
}

/** v1 metadata; the error body for unknown/expired tokens is not documented (emulator's choice). */
function v1Metadata(ctx: RequestContext, config: HubSpotConfig, tokens: TokenStore): Reply {
  const token = decodeComponent(ctx.path.slice(V1_METADATA_PREFIX.length)) ?? ''
  const info = tokens.validHubSpot(token)
  if (info === undefined)
    return hubspotApiError(ctx.requestId, 404, 'OBJECT_NOT_FOUND', 'The access token was not found or has expired')
  return json(200, {
    token,
    hub_id: config.hubId,
    app_id: HUBSPOT_APP_ID,
    scopes: HUBSPOT_SCOPES,
    token_type: 'access',
    expires_in: Math.max(0, Math.floor((info.expiresAt - Date.now()) / 1000)),
  })
}

export function hubspotHandler(config: HubSpotConfig, tokens: TokenStore): Handler {
  return (ctx) => {
    const isToken = TOKEN_PATHS.has(ctx.path)
    const isIntrospect = INTROSPECT_PATHS.has(ctx.path)
    const isMetadata = ctx.path.startsWith(V1_METADATA_PREFIX) && ctx.path.length > V1_METADATA_PREFIX.length
    if (!isToken && !isIntrospect && !isMetadata)
      return hubspotApiError(ctx.requestId, 404, 'OBJECT_NOT_FOUND', 'Resource not found')
    const expected = isMetadata ? 'GET' : 'POST'
    if (ctx.method !== expected)
      return hubspotApiError(ctx.requestId, 405, 'VALIDATION_ERROR', `Method ${ctx.method} not allowed`)
    if (isToken) return refresh(ctx, config, tokens)
    if (isIntrospect) return introspect(ctx, config, tokens)
    return v1Metadata(ctx, config, tokens)
  }
}
