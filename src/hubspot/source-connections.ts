import * as z from '../core/zod.js'
import type { Resource } from '../adobe/flow-service/client.js'
import type { ResourceKind } from '../adobe/flow-service/ensure-one.js'
import { ActionError } from '../core/errors.js'
import { lazily } from '../core/lazily.js'
import { HUBSPOT_CONNECTION_SPEC } from './source.js'
import { isUuid } from '../core/server-values.js'

/** The body of `POST /sourceConnections` for one HubSpot table. */
export interface SourceConnectionBody {
  name: string
  baseConnectionId: string
  data: { format: 'tabular' }
  params: { path: string }
  connectionSpec: typeof HUBSPOT_CONNECTION_SPEC
}

const SourceFields = lazily(() => z.object({ baseConnectionId: z.string() }))
const SourceTable = lazily(() => z.object({ params: z.object({ path: z.string() }) }))

/**
 * HubSpot source connections of one base connection: the base connection and HubSpot's spec as
 * fixed filters (the id is checked to be a UUID first: a comma in a filter value would make it
 * several), both checked again on every listed item.
 */
export function hubspotSources(baseConnectionId: string): ResourceKind {
  if (!isUuid(baseConnectionId)) {
    throw new ActionError(`not a Flow Service base connection id (a UUID): ${JSON.stringify(baseConnectionId)}`, {
      kind: 'input',
      hint: 'Give the id of the HubSpot base connection (the connection action outputs it as connection-id).',
    })
  }
  return {
    collection: 'sourceConnections',
    filters: [`baseConnectionId==${baseConnectionId}`, `connectionSpec.id==${HUBSPOT_CONNECTION_SPEC.id}`],
    belongs: (resource) =>
      resource.connectionSpec?.id === HUBSPOT_CONNECTION_SPEC.id &&
      SourceFields().safeParse(resource).data?.baseConnectionId === baseConnectionId,
  }
}

/** The HubSpot table a listed or read source connection reads (`params.path`), if it says. */
export function sourceTable(resource: Resource): string | undefined {
  return SourceTable().safeParse(resource).data?.params.path
}

/** `table` is the path explore lists (`Hubspot.Contacts`), not its display name. */
export function sourceConnectionBody(name: string, baseConnectionId: string, table: string): SourceConnectionBody {
  return {
    name,
    baseConnectionId,
    data: { format: 'tabular' },
    params: { path: table },
    connectionSpec: HUBSPOT_CONNECTION_SPEC,
  }
}
