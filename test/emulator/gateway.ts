/**
 * Checks the platform gateway (and Flow Service's sandbox lookup) run on every request before
 * routing, in the order the real ones report them (flow-service-notes §1.9a, §6).
 */
import type { ResolvedConfig } from './config.js'
import { contentTypeError, flowError, gatewayError } from './errors.js'
import { header, mediaType, type Reply, type RequestContext } from './reply.js'
import type { TokenStore } from './tokens.js'

export interface Caller {
  /** The client id the bearer token was minted for (also the `x-api-key`). */
  clientId: string
  orgId: string
  sandbox: string
}

const BEARER = /^Bearer\s+(\S+)\s*$/i

export function checkGateway(ctx: RequestContext, config: ResolvedConfig['adobe'], tokens: TokenStore): Caller | Reply {
  const authorization = header(ctx, 'authorization')
  if (authorization === undefined) return gatewayError(403, '403010', 'Oauth token is missing.')
  const token = BEARER.exec(authorization)?.[1]
  const binding = token === undefined ? undefined : tokens.validIms(token)
  if (binding === undefined) return gatewayError(401, '401013', 'Oauth token is not valid')

  const apiKey = header(ctx, 'x-api-key')
  if (apiKey === undefined) return gatewayError(403, '403000', 'Api Key is required')
  if (apiKey !== binding.clientId) return gatewayError(403, '403003', 'Api Key is invalid')

  const orgId = header(ctx, 'x-gw-ims-org-id')
  if (orgId === undefined) return gatewayError(400, '400003', 'Missing header')
  if (orgId !== config.orgId) return gatewayError(403, '403027', 'User region is missing')

  // Without x-sandbox-name, Platform uses the default production sandbox.
  const sandbox = header(ctx, 'x-sandbox-name') ?? 'prod'
  if (!config.sandboxes.includes(sandbox)) {
    return flowError(
      ctx.requestId,
      '2100',
      404,
      'Sandbox not found',
      `The sandbox with the name '${sandbox}' could not be found. Please ensure that the sandbox name is correct and try again.`,
    )
  }

  // "All requests with a payload in the request body (such as POST, PUT, and PATCH calls) must
  // include the header Content-Type with a value of application/json" (parameters allowed).
  if (
    (ctx.method === 'POST' || ctx.method === 'PATCH' || ctx.method === 'PUT') &&
    mediaType(ctx) !== 'application/json'
  ) {
    return contentTypeError()
  }
  return { clientId: binding.clientId, orgId, sandbox }
}

export function isReply(value: Caller | Reply): value is Reply {
  return 'status' in value
}
