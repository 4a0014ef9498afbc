/**
 * Adobe IMS, OAuth Server-to-Server: `POST /ims/token/v3` (and `/v2`), grant `client_credentials`
 * (flow-service-notes §3). Parameters come from the query string and/or the body
 * (form-urlencoded or multipart); body values win over query values.
 */
import { IMS_EXPIRES_IN_SECONDS, type ResolvedConfig } from './config.js'
import { imsError } from './errors.js'
import { parseMultipart, parsePairs } from './query.js'
import { header, json, mediaType, type Handler, type RequestContext } from './reply.js'
import type { TokenStore } from './tokens.js'

const TOKEN_PATHS = new Set(['/ims/token/v3', '/ims/token/v2'])

function params(ctx: RequestContext): Map<string, string> | undefined {
  const query = parsePairs(ctx.rawQuery)
  let body: Array<[string, string]> = []
  const type = mediaType(ctx)
  if (type === 'application/x-www-form-urlencoded') {
    const parsed = parsePairs(ctx.body)
    if (parsed.malformed) return undefined
    body = parsed.pairs
  } else if (type === 'multipart/form-data') {
    body = parseMultipart(ctx.body, header(ctx, 'content-type') ?? '')
  }
  if (query.malformed) return undefined
  return new Map([...query.pairs, ...body])
}

export function imsHandler(config: ResolvedConfig['adobe'], tokens: TokenStore): Handler {
  const allowed = new Set(config.scopes)
  return (ctx) => {
    if (!TOKEN_PATHS.has(ctx.path)) return imsError(404, 'not_found', 'The requested resource was not found')
    if (ctx.method !== 'POST') return imsError(405, 'method_not_allowed', 'Use POST')

    const p = params(ctx)
    if (p === undefined) return imsError(400, 'invalid_request', 'malformed request parameters')
    if (p.get('grant_type') !== 'client_credentials') return imsError(400, 'unsupported_grant_type')
    const clientId = p.get('client_id')
    if (clientId !== config.clientId) return imsError(400, 'invalid_client', 'invalid client_id parameter')
    if (p.get('client_secret') !== config.clientSecret)
      return imsError(401, 'invalid_client', 'invalid client_secret parameter')

    // "The list of comma separated scopes you are requesting"; whitespace tolerated too.
    const scopes = (p.get('scope') ?? '').split(/[,\s]+/).filter((s) => s !== '')
    if (scopes.length === 0) return imsError(400, 'invalid_scope', 'scope parameter is missing')
    const refused = scopes.find((s) => !allowed.has(s))
    if (refused !== undefined) return imsError(400, 'invalid_scope', `Invalid scope (${refused})`)

    return json(200, {
      access_token: tokens.issueIms(clientId, scopes),
      token_type: 'bearer',
      expires_in: IMS_EXPIRES_IN_SECONDS,
    })
  }
}
