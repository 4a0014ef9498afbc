import { sameMappings, type DataPrepClient, type MappingSetBody, type MappingSetRef } from '../../adobe/data-prep.js'
import type { Resource, WriteResult } from '../../adobe/flow-service/client.js'
import { dataLakeTargets, targetConnectionBody, targetSchemaId } from '../../adobe/flow-service/data-lake.js'
import type { FlowResources, ResourceKind } from '../../adobe/flow-service/ensure-one.js'
import { crmToAepFlows, flowBody } from '../../adobe/flow-service/flows.js'
import { ActionError } from '../../core/errors.js'
import { fulfilled } from '../../core/settled.js'
import type { RunnerIO } from '../../core/runner.js'
import { hubspotSources, sourceConnectionBody, sourceTable } from '../../hubspot/source-connections.js'
import { chainNames } from './checks.js'
import type { DataflowConfig } from './inputs.js'
import { scheduleParams } from './schedule.js'

/** How a resource of the chain came to be: written now, found from an earlier run, or there already. */
export type Provenance = 'created' | 'adopted' | 'reused' | 'updated'

export interface Link<T> {
  value: T
  provenance: Provenance
}

export interface Chain {
  source: Link<WriteResult>
  target: Link<WriteResult>
  mapping: Link<MappingSetRef>
  flow: Link<WriteResult>
}

interface ChainContext {
  io: RunnerIO
  resources: FlowResources
  dataPrep: DataPrepClient
}

/**
 * Creates the chain, each write exactly once, adopting what an earlier, interrupted run left
 * behind (found by name and checked to be what this run would make). The source connection, the
 * target connection and the mapping set do not depend on each other: they are looked for at once,
 * and written at once when `validated` has resolved (nothing is written before), then the flow.
 * `onLink` hears of each resource once the three writes have ended, before the flow, so that its id
 * is an output even if another write fails. Started before the validation has ended, the
 * look-ups run beside it.
 */
export async function createChain(
  config: DataflowConfig,
  context: ChainContext,
  prepared: { schemaId: string; mappingBody: MappingSetBody; flows: readonly Resource[] },
  onLink: (name: keyof Chain, link: Link<{ id: string }>) => void,
  validated: Promise<void>,
): Promise<Chain> {
  const { io } = context
  const names = chainNames(config.flowName)
  const writes = [
    io.group('Source connection', () =>
      ensureConnection(context, validated, {
        kind: hubspotSources(config.connectionId),
        name: names.source,
        body: sourceConnectionBody(names.source, config.connectionId, config.table),
        fits: (leftover) => sourceTable(leftover) === config.table,
        differs: `reads another table than ${config.table}`,
      }),
    ),
    io.group('Target connection', () =>
      ensureConnection(context, validated, {
        kind: dataLakeTargets(config.datasetId),
        name: names.target,
        body: targetConnectionBody(names.target, prepared.schemaId, config.datasetId),
        fits: (leftover) => targetSchemaId(leftover) === prepared.schemaId,
        differs: "has another schema than the dataset's",
      }),
    ),
    io.group('Mapping set', () => ensureMappingSet(context, validated, names.mapping, prepared.mappingBody)),
  ] as const
  // Every write is waited for, so that each one made is reported (as an output too) before a
  // failure of another is: the first failure in this order, whichever ended first.
  const [sourceOutcome, targetOutcome, mappingOutcome] = await Promise.allSettled(writes)
  if (sourceOutcome.status === 'fulfilled') onLink('source', sourceOutcome.value)
  if (targetOutcome.status === 'fulfilled') onLink('target', targetOutcome.value)
  if (mappingOutcome.status === 'fulfilled') onLink('mapping', mappingOutcome.value)
  const source = fulfilled(sourceOutcome)
  const target = fulfilled(targetOutcome)
  const mapping = fulfilled(mappingOutcome)
  const flow = await io.group('Data flow', async () => {
    const body = flowBody({
      name: config.flowName,
      description: config.flowDescription,
      sourceConnectionId: source.value.id,
      targetConnectionId: target.value.id,
      deltaColumn: config.deltaColumn,
      mappingId: mapping.value.id,
      mappingVersion: mapping.value.version,
      scheduleParams: scheduleParams(config.schedule),
    })
    const known = new Set(prepared.flows.map((flow) => flow.id))
    const created = await context.resources.createOnce(crmToAepFlows, config.flowName, body, known)
    if (!created.adopted) io.info(`Created flow ${created.value.id}.`)
    return { value: created.value, provenance: created.adopted ? 'adopted' : 'created' } satisfies Link<WriteResult>
  })
  onLink('flow', flow)
  return { source, target, mapping, flow }
}

interface ConnectionPlan {
  kind: ResourceKind
  name: string
  body: unknown
  /** Whether a leftover of that name is the one this run would make. */
  fits: (leftover: Resource) => boolean
  differs: string
}

async function ensureConnection(
  context: ChainContext,
  validated: Promise<void>,
  plan: ConnectionPlan,
): Promise<Link<WriteResult>> {
  const { io, resources } = context
  const found = await resources.findNamed(plan.kind, plan.name)
  const noun = plan.kind.collection === 'sourceConnections' ? 'source connection' : 'target connection'
  if (found.length > 1) {
    throw new ActionError(
      `${found.length} ${noun}s named ${JSON.stringify(plan.name)} exist: ${found.map((item) => item.id).join(', ')}`,
      {
        kind: 'conflict',
        hint: `Delete the extra ones in Experience Platform (Sources > Dataflows), or choose another flow-name.`,
      },
    )
  }
  const [leftover] = found
  if (leftover) {
    if (!plan.fits(leftover)) {
      throw new ActionError(`the ${noun} ${leftover.id} named ${JSON.stringify(plan.name)} ${plan.differs}`, {
        kind: 'conflict',
        hint: 'An earlier run with other inputs left it behind: delete it, or choose another flow-name.',
      })
    }
    io.info(`Adopting ${noun} ${leftover.id}, which an earlier run made.`)
    return { value: { id: leftover.id, etag: leftover.etag }, provenance: 'adopted' }
  }
  await validated
  const created = await resources.createOnce(plan.kind, plan.name, plan.body, new Set())
  if (!created.adopted) io.info(`Created ${noun} ${created.value.id}.`)
  return { value: created.value, provenance: created.adopted ? 'adopted' : 'created' }
}

async function ensureMappingSet(
  { io, dataPrep }: ChainContext,
  validated: Promise<void>,
  name: string,
  body: MappingSetBody,
): Promise<Link<MappingSetRef>> {
  const found = await dataPrep.findNamed(name)
  for (const ref of found) {
    const set = await dataPrep.get(ref.id, ref.version)
    if (set.schemaRef.id === body.outputSchema.schemaRef.id && sameMappings(set.mappings, body.mappings)) {
      io.info(`Adopting mapping set ${set.id} (version ${set.version}), which an earlier run made.`)
      return { value: { id: set.id, version: set.version }, provenance: 'adopted' }
    }
  }
  await validated
  const created = await dataPrep.create(body, { knownIds: new Set(found.map((ref) => ref.id)) })
  if (!created.adopted) io.info(`Created mapping set ${created.value.id} (version ${created.value.version}).`)
  return { value: created.value, provenance: created.adopted ? 'adopted' : 'created' }
}
