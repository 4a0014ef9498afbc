import type { FlowRun } from '../../adobe/flow-service/flows.js'
import type { RunnerIO } from '../../core/runner.js'
import { heading, paragraph, table } from '../../core/summary.js'
import type { Chain, Link } from './chain.js'
import { chainNames } from './checks.js'

export const SUMMARY_TITLE = 'HubSpot data flow in Adobe Experience Platform'

export type DataflowResult = 'created' | 'reused' | 'updated' | 'would-create' | 'would-reuse' | 'would-update'

const LINK_OUTPUTS = {
  source: 'source-connection-id',
  target: 'target-connection-id',
  mapping: 'mapping-id',
  flow: 'flow-id',
} as const

/** Sets a resource's id output the moment it exists, so a later failure still leaves it findable. */
export function setLinkOutput(io: RunnerIO, name: keyof Chain, link: Link<{ id: string; version?: number }>): void {
  io.setOutput(LINK_OUTPUTS[name], link.value.id)
  if (name === 'mapping' && link.value.version !== undefined)
    io.setOutput('mapping-version', String(link.value.version))
}

export function setChainOutputs(io: RunnerIO, chain: Partial<Chain>, result: DataflowResult): void {
  for (const name of ['source', 'target', 'mapping', 'flow'] as const) {
    const link = chain[name]
    if (link) setLinkOutput(io, name, link)
  }
  io.setOutput('result', result)
}

/** Which run the step waits for: a new flow's first, or an existing flow's latest. */
export type RunWanted = 'first' | 'latest'

/** The run outputs: empty unless the step waited for a run. */
export function setRunOutputs(io: RunnerIO, run: FlowRun | undefined): void {
  io.setOutput('run-id', run?.id ?? '')
  io.setOutput('run-status', run?.status ?? '')
  io.setOutput('records-read', run ? String(run.recordsRead) : '')
  io.setOutput('records-written', run ? String(run.recordsWritten) : '')
  io.setOutput('records-failed', run ? String(run.recordsFailed) : '')
}

/** A table of each resource with its id and how it came to be, and the run when waited for. */
export async function writeSummary(
  io: RunnerIO,
  outcome: {
    flowName: string
    sandboxName: string
    result: DataflowResult
    chain: Partial<Chain>
    run?: (FlowRun & { wanted: RunWanted }) | undefined
  },
): Promise<void> {
  const names = chainNames(outcome.flowName)
  const row = (what: string, name: string, link: Link<{ id: string; version?: number }> | undefined) => [
    what,
    name,
    link ? `${link.value.id}${link.value.version !== undefined ? ` (version ${link.value.version})` : ''}` : '',
    link?.provenance ?? '',
  ]
  let html =
    heading(SUMMARY_TITLE) +
    table(
      ['Resource', 'Name', 'ID', 'Result'],
      [
        row('Source connection', names.source, outcome.chain.source),
        row('Target connection', names.target, outcome.chain.target),
        row('Mapping set', names.mapping, outcome.chain.mapping),
        row('Data flow', outcome.flowName, outcome.chain.flow),
      ],
    ) +
    paragraph(`Sandbox ${outcome.sandboxName}; result ${outcome.result}.`)
  if (outcome.result.startsWith('would-')) html += paragraph('Dry run: nothing was written.')
  if (outcome.run) {
    const run = outcome.run
    html += paragraph(
      `${run.wanted === 'first' ? 'First' : 'Latest'} run ${run.id}: ${run.status}; ${run.recordsRead} records read, ${run.recordsWritten} written, ${run.recordsFailed} failed.`,
    )
  }
  await io.appendSummary(html)
}
