/**
 * The platform listener: the gateway checks every request passes first (token, x-api-key, org,
 * sandbox, content type; see gateway.ts), then routing by base path to Flow Service, Catalog or
 * Data Prep. The sandbox-not-found answer is Flow Service's FLOW-2100-404 for all three (our
 * choice: the notes document it for Flow Service only).
 */
import { CATALOG_BASE_PATH, BASE_PATH, CONVERSION_BASE_PATH } from './config.js'
import { catalogRoute } from './catalog.js'
import { dataPrepRoute } from './data-prep.js'
import { notFound } from './errors.js'
import { flowServiceRoute } from './flow-service.js'
import { checkGateway, isReply, type Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import type { Handler, Reply, RequestContext } from './reply.js'

type Route = (ctx: RequestContext, caller: Caller, deps: PlatformDeps, parts: string[]) => Reply

const SERVICES: ReadonlyArray<{ basePath: string; route: Route }> = [
  { basePath: BASE_PATH, route: flowServiceRoute },
  { basePath: CATALOG_BASE_PATH, route: catalogRoute },
  { basePath: CONVERSION_BASE_PATH, route: dataPrepRoute },
]

/** Path segments below `basePath`, percent-decoded; undefined when outside it. */
export function segments(path: string, basePath: string): string[] | undefined {
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined
  const parts = path.slice(basePath.length).split('/').slice(1)
  if (parts.length > 1 && parts.at(-1) === '') parts.pop() // one trailing slash
  return parts.map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return p
    }
  })
}

export function platformHandler(deps: PlatformDeps): Handler {
  return (ctx) => {
    const caller = checkGateway(ctx, deps.config.adobe, deps.tokens)
    if (isReply(caller)) return caller
    for (const { basePath, route } of SERVICES) {
      const parts = segments(ctx.path, basePath)
      if (parts !== undefined) return route(ctx, caller, deps, parts)
    }
    return notFound(ctx.requestId)
  }
}
