import { CatalogClient } from '../../adobe/catalog.js'
import { DataPrepClient } from '../../adobe/data-prep.js'
import { FlowServiceClient } from '../../adobe/flow-service/client.js'
import { decide, decisionFailure, describeMatches } from '../../adobe/flow-service/decide.js'
import { FlowResources } from '../../adobe/flow-service/ensure-one.js'
import { FlowRuns, runEnded, runSucceeded, type FlowRun } from '../../adobe/flow-service/flows.js'
import { adobeTokens, platformContext } from '../../adobe/ims-token.js'
import { ActionError } from '../../core/errors.js'
import type { StepContext } from '../../core/step.js'
import { createChain, type Chain } from './chain.js'
import { mappingBodyFor, validateMapping } from './checks.js'
import { inspectExisting, refuseChangesNotInPlace, updateExisting, type ExistingFlow } from './existing.js'
import type { DataflowConfig } from './inputs.js'
import { READS_AT_ONCE, readEverything } from './reads.js'
import {
  setChainOutputs,
  setLinkOutput,
  setRunOutputs,
  writeSummary,
  type DataflowResult,
  type RunWanted,
} from './report.js'

/**
 * The data-flow action, phase by phase: the Adobe token; the reads (base connection, table,
 * dataset, flows of our name) together; validation before any write; the decision on the flow;
 * the chain written exactly once (source connection, target connection, mapping set, flow) or the
 * existing flow reused or updated; the first run when asked; outputs and summary.
 */
export async function runDataflow(
  config: DataflowConfig,
  { io, secrets, sender, retrier, deadline, preconnect }: StepContext,
) {
  const log = (line: string) => io.info(line)
  // The reads are four Platform calls at once: their connections open while IMS mints the token.
  preconnect(config.urls.platform, READS_AT_ONCE)
  const tokens = adobeTokens(config.adobe, config.urls.ims, { sender, secrets }, log)
  await io.group('Adobe IMS access token', async () => log(await tokens.prepare()))

  const platform = platformContext(config.adobe, config.urls.platform, config.sandboxName, tokens)
  const flowService = new FlowServiceClient(sender, secrets, platform)
  const catalog = new CatalogClient(sender, secrets, platform)
  const dataPrep = new DataPrepClient(sender, secrets, platform)
  const resources = new FlowResources(flowService, log)

  const reads = await io.group('Base connection, table, dataset and flows', async () => {
    const read = await readEverything(config, { flowService, catalog, resources })
    log(
      `Connection ${config.connectionId} is HubSpot's and enabled; table ${config.table} has ${read.columns.length} columns.`,
    )
    log(`Dataset ${read.dataset.id} (${JSON.stringify(read.dataset.name)}) has schema ${read.dataset.schemaRef.id}.`)
    log(describeMatches(lookupOf(config), read.flows))
    return read
  })
  const schemaId = reads.dataset.schemaRef.id
  const mappingBody = mappingBodyFor(config, schemaId)
  const validated = io.group('Validation', async () => {
    await validateMapping(config, reads.columns, mappingBody, dataPrep)
    log(
      `The mapping's ${config.mapping.length} entries and the delta column fit the table, and Data Prep accepts the mapping.`,
    )
  })
  const decision = decide(config.ifExists, reads.flows)
  // A chain to create is started now, so that its look-ups for leftovers run beside the
  // validation; it writes nothing before the validation has passed.
  const created =
    decision.action === 'create' && !config.dryRun
      ? createChain(
          config,
          { io, resources, dataPrep },
          { schemaId, mappingBody, flows: reads.flows },
          (name, link) => setLinkOutput(io, name, link),
          validated,
        )
      : undefined
  // Awaited below, after the validation: its error comes first.
  created?.catch(() => undefined)
  await validated

  if (decision.action === 'fail') throw decisionFailure(decision, lookupOf(config), DECISION_HINTS)
  const existing =
    decision.action === 'create'
      ? undefined
      : await inspectExisting(config, decision.existing, mappingBody, { flowService, dataPrep })

  // What an update cannot change fails the plan as it would fail the run.
  if (existing && decision.action === 'update') refuseChangesNotInPlace(existing)

  if (config.dryRun) {
    const result: DataflowResult = `would-${decision.action}`
    await io.group('Data flow', async () => {
      if (existing?.startTimeKept) io.warning(existing.startTimeKept)
      for (const difference of existing?.differences ?? []) log(`The flow differs from the inputs: ${difference.says}.`)
      log(
        `Dry run: would ${decision.action} ${existing ? `flow ${existing.flow.id}` : 'the data flow'}; nothing was written.`,
      )
    })
    const chain = existing?.chain ?? {}
    setChainOutputs(io, chain, result)
    setRunOutputs(io, undefined)
    await writeSummary(io, { flowName: config.flowName, sandboxName: config.sandboxName, result, chain })
    return
  }

  let chain: Chain
  let result: DataflowResult
  if (created) {
    chain = await created
    result = 'created'
  } else {
    const found = existing as ExistingFlow
    chain = await io.group('Data flow', () =>
      decision.action === 'reuse'
        ? reuse(found, io)
        : updated(config, found, mappingBody, { dataPrep, resources, log, warning: (line) => io.warning(line) }),
    )
    result = chain.flow.provenance === 'updated' || chain.mapping.provenance === 'updated' ? 'updated' : 'reused'
  }
  setChainOutputs(io, chain, result)

  // A new flow's first run; an existing flow's latest, which says how it runs now.
  const wanted: RunWanted = result === 'created' ? 'first' : 'latest'
  const run = config.waitForRun
    ? await io.group(wanted === 'first' ? 'First run' : 'Latest run', () =>
        waitForRun(chain.flow.value.id, wanted, new FlowRuns(flowService), retrier, deadline, log, (seen) =>
          setRunOutputs(io, seen),
        ),
      )
    : undefined
  setRunOutputs(io, run)
  await writeSummary(io, {
    flowName: config.flowName,
    sandboxName: config.sandboxName,
    result,
    chain,
    ...(run ? { run: { ...run, wanted } } : {}),
  })
  if (run && !runSucceeded(run.status)) throw runFailure(run, wanted, config.schedule.frequency, result === 'updated')
}

async function reuse(existing: ExistingFlow, io: StepContext['io']): Promise<Chain> {
  if (existing.startTimeKept) io.warning(existing.startTimeKept)
  for (const difference of existing.differences) {
    io.warning(
      `Flow ${existing.flow.id} differs from the inputs: ${difference.says}. It was reused as it is; use if-exists: update to change it.`,
    )
  }
  io.info(`Reusing flow ${existing.flow.id}; nothing was written.`)
  return existing.chain
}

async function updated(
  config: DataflowConfig,
  existing: ExistingFlow,
  mappingBody: Parameters<typeof updateExisting>[2],
  context: Parameters<typeof updateExisting>[3] & { warning: (line: string) => void },
): Promise<Chain> {
  if (existing.startTimeKept) context.warning(existing.startTimeKept)
  if (existing.differences.length === 0) {
    context.log(
      `Flow ${existing.flow.id} already matches the inputs${existing.startTimeKept ? ', but for its start time' : ''}; nothing was written.`,
    )
    return existing.chain
  }
  return updateExisting(config, existing, mappingBody, context)
}

const lookupOf = (config: DataflowConfig) => ({
  noun: 'data flow',
  name: config.flowName,
  sandboxName: config.sandboxName,
})

const DECISION_HINTS = {
  exists:
    'if-exists is "fail". Use if-exists: reuse to keep it, update to change its mapping or schedule, or choose another flow-name.',
  ambiguous:
    'Delete or rename the extra flows in Experience Platform (Sources > Dataflows), or choose another flow-name.',
}

/**
 * The run of the list (oldest first) that the step waits for: of a new flow, the first that ended,
 * else the first; of an existing flow, the latest.
 */
function wantedRun(list: readonly FlowRun[], wanted: RunWanted): FlowRun | undefined {
  return wanted === 'first' ? (list.find((run) => runEnded(run.status)) ?? list[0]) : list.at(-1)
}

/** Polls the flow's runs until the wanted one ends, within the deadline. */
async function waitForRun(
  flowId: string,
  wanted: RunWanted,
  runs: FlowRuns,
  retrier: StepContext['retrier'],
  deadline: StepContext['deadline'],
  log: (line: string) => void,
  /** Hears of the run as last seen when it did not end in time, so its outputs are set. */
  unended: (run: FlowRun | undefined) => void,
): Promise<FlowRun> {
  const ended = (list: readonly FlowRun[]) => {
    const run = wantedRun(list, wanted)
    return run !== undefined && runEnded(run.status)
  }
  const seen = await retrier.poll(
    `waiting for the ${wanted} run of flow ${flowId}`,
    () => runs.list(flowId),
    ended,
    deadline.remainingMs(),
    (list, wait) => {
      const run = wantedRun(list, wanted)
      return `${run ? `Run ${run.id} is ${run.status}` : 'No run yet'}; looking again in ${(wait / 1000).toFixed(1)} s.`
    },
  )
  const run = wantedRun(seen, wanted)
  if (!run || !runEnded(run.status)) {
    unended(run)
    throw new ActionError(
      `the ${wanted} run of flow ${flowId} did not end within timeout-seconds (${Math.round(deadline.totalMs / 1000)}): ${run ? `run ${run.id} is ${run.status}` : 'no run was scheduled'}`,
      {
        kind: 'timeout',
        service: 'Flow Service',
        operation: `list runs (GET /runs?property=flowId==${flowId})`,
        hint: 'The flow exists and keeps running; raise timeout-seconds to wait longer, or watch it in Experience Platform (Sources > Dataflows).',
      },
    )
  }
  log(
    `Run ${run.id} ended: ${run.status}; ${run.recordsRead} records read, ${run.recordsWritten} written, ${run.recordsFailed} failed.`,
  )
  return run
}

function runFailure(run: FlowRun, wanted: RunWanted, frequency: string, updated: boolean): ActionError {
  const codes = run.errorCodes.length > 0 ? `; error codes ${run.errorCodes.join(', ')}` : ''
  // A flow scheduled once has no next run: its hint below says what to do instead.
  const afterUpdate =
    updated && frequency !== 'once'
      ? ' This step updated the flow: a run that started before the update does not use it, the next scheduled run does.'
      : ''
  return new ActionError(
    `the ${wanted} run ${run.id} ended ${run.status}: ${run.recordsRead} records read, ${run.recordsWritten} written, ${run.recordsFailed} failed${codes}`,
    {
      kind: 'unexpected',
      service: 'Flow Service',
      operation: `${wanted} run`,
      hint: `CONNECTOR- codes come from reading HubSpot (check the app's scopes), MAPPER- from the mapping (check the mapping input against the schema), INGEST- from writing the dataset. Open the run in Experience Platform (Sources > Dataflows) for each record's error. ${
        frequency === 'once'
          ? 'A flow scheduled once does not run again: after fixing the cause, delete the flow (or choose another flow-name) so that the next job creates a new one.'
          : 'Fix the cause (if-exists: update changes the mapping or schedule); the next scheduled run picks it up.'
      }${afterUpdate}`,
    },
  )
}
