import type { RunnerIO } from '../../core/runner.js'
import { heading, paragraph, table } from '../../core/summary.js'

export const SUMMARY_TITLE = 'HubSpot base connection in Adobe Experience Platform'

export type ReportedResult = 'created' | 'reused' | 'updated' | 'would-create' | 'would-reuse' | 'would-update'

export interface Outcome {
  connectionName: string
  sandboxName: string
  result: ReportedResult
  connectionId: string
  etag: string
  /** The state verification read back; empty when nothing was verified. */
  connectionState: string
  /** How many HubSpot objects `verify: explore` listed. */
  exploredObjects?: number | undefined
}

/**
 * Sets the outputs that are known once the connection is written (or, in a dry run, planned), so
 * that a later step can find the connection even when verification then fails.
 */
export function setConnectionOutputs(io: RunnerIO, outcome: Pick<Outcome, 'result' | 'connectionId' | 'etag'>): void {
  io.setOutput('connection-id', outcome.connectionId)
  io.setOutput('etag', outcome.etag)
  io.setOutput('result', outcome.result)
}

/** Sets the state verification read back ('' when nothing was verified). */
export function setStateOutput(io: RunnerIO, connectionState: string): void {
  io.setOutput('connection-state', connectionState)
}

/** A table of what the step did. No value in it is a secret. */
export async function writeSummary(io: RunnerIO, outcome: Outcome): Promise<void> {
  let html =
    heading(SUMMARY_TITLE) +
    table(
      ['Name', 'ID', 'Sandbox', 'Result', 'State'],
      [[outcome.connectionName, outcome.connectionId, outcome.sandboxName, outcome.result, outcome.connectionState]],
    )
  if (outcome.result.startsWith('would-')) html += paragraph('Dry run: nothing was written.')
  if (outcome.exploredObjects !== undefined) {
    html += paragraph(`Explore listed ${outcome.exploredObjects} HubSpot objects through the connection.`)
  }
  await io.appendSummary(html)
}
