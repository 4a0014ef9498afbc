import * as z from '../../core/zod.js'
import { nonEmptyText } from '../../core/server-values.js'
import type { CatalogClient, Dataset } from '../../adobe/catalog.js'
import type { FlowServiceClient, Resource } from '../../adobe/flow-service/client.js'
import type { FlowResources } from '../../adobe/flow-service/ensure-one.js'
import { crmToAepFlows } from '../../adobe/flow-service/flows.js'
import { ActionError } from '../../core/errors.js'
import { fulfilled } from '../../core/settled.js'
import { lazily } from '../../core/lazily.js'
import { HUBSPOT_CONNECTION_SPEC } from '../../hubspot/source.js'
import type { DataflowConfig } from './inputs.js'

/** What the step reads before it decides anything; none of it depends on the rest. */
export interface Reads {
  columns: string[]
  dataset: Dataset
  /** The CRMToAEP flows named like ours. */
  flows: Resource[]
}

const TableAnswer = lazily(() =>
  z.object({
    schema: z.object({ columns: z.array(z.looseObject({ name: nonEmptyText() })) }),
  }),
)
const RootAnswer = lazily(() =>
  z.array(z.object({ type: z.optional(z.string()), path: z.optional(z.string()), name: z.string() })),
)

/** How many Platform calls readEverything makes at the same time. */
export const READS_AT_ONCE = 4

/**
 * The base connection (it must exist, be HubSpot's and be enabled), the table's columns, the
 * dataset and its schema, and the flows of our name: read at the same time.
 */
export async function readEverything(
  config: DataflowConfig,
  clients: { flowService: FlowServiceClient; catalog: CatalogClient; resources: FlowResources },
): Promise<Reads> {
  const [connection, columns, dataset, flows] = await Promise.allSettled([
    requireUsableBaseConnection(clients.flowService, config),
    tableColumns(clients.flowService, config),
    clients.catalog.getDataset(config.datasetId),
    clients.resources.findNamed(crmToAepFlows, config.flowName),
  ])
  // Whichever read finished first, the error reported is the first in this order: a missing base
  // connection explains a failing explore, not the other way round.
  fulfilled(connection)
  return { columns: fulfilled(columns), dataset: fulfilled(dataset), flows: fulfilled(flows) }
}

async function requireUsableBaseConnection(flowService: FlowServiceClient, config: DataflowConfig): Promise<void> {
  const id = config.connectionId
  let connection: Resource
  try {
    connection = await flowService.get('connections', id)
  } catch (error) {
    if (error instanceof ActionError && error.facts.status === 404) {
      throw new ActionError(`connection-id ${id} is not a base connection in sandbox ${config.sandboxName}`, {
        ...error.facts,
        kind: 'input',
        hint: "Pass the connection action's connection-id output, and the same sandbox-name it used.",
      })
    }
    throw error
  }
  const operation = `read connection (GET /connections/${id})`
  if (connection.connectionSpec?.id !== HUBSPOT_CONNECTION_SPEC.id) {
    throw new ActionError(`connection ${id} is not a HubSpot connection (its connection spec is not HubSpot's)`, {
      kind: 'input',
      service: 'Flow Service',
      operation,
      hint: "Pass the connection-id output of the HubSpot connection action, not another source's connection.",
    })
  }
  if (connection.state !== 'enabled') {
    throw new ActionError(
      `connection ${id} is in state ${JSON.stringify(connection.state ?? 'unknown')}; a data flow needs it "enabled"`,
      {
        kind: 'conflict',
        service: 'Flow Service',
        operation,
        hint: 'Run the connection action first (it waits for the connection to be enabled), or enable the account in Experience Platform (Sources > Accounts).',
      },
    )
  }
}

/** The table's columns; an unknown table fails listing the tables the connection has. */
async function tableColumns(flowService: FlowServiceClient, config: DataflowConfig): Promise<string[]> {
  try {
    const answer = await flowService.explore(
      config.connectionId,
      { objectType: 'table', object: config.table },
      TableAnswer(),
    )
    return answer.schema.columns.map((column) => column.name)
  } catch (error) {
    if (!(error instanceof ActionError) || (error.facts.status !== 400 && error.facts.status !== 404)) throw error
    const tables = await flowService
      .explore(config.connectionId, { objectType: 'root' }, RootAnswer())
      .then((objects) =>
        objects.filter((object) => object.type !== 'folder').map((object) => object.path ?? object.name),
      )
      .catch(() => undefined)
    if (!tables || tables.includes(config.table)) throw error
    throw new ActionError(`table ${JSON.stringify(config.table)} is not a table of connection ${config.connectionId}`, {
      kind: 'input',
      service: 'Flow Service',
      operation: `explore connection (GET /connections/${config.connectionId}/explore)`,
      hint: `Set table to one of the tables explore lists: ${tables.join(', ')}.`,
    })
  }
}
