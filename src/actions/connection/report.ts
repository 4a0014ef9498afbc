import * as core from '@actions/core'

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
  exploredObjects?: number
}

/**
 * Sets the outputs that are known once the connection is written (or, in a dry run, planned), so
 * that a later step can find the connection even when verification then fails.
 */
export function setConnectionOutputs(outcome: Pick<Outcome, 'result' | 'connectionId' | 'etag'>): void {
  core.setOutput('connection-id', outcome.connectionId)
  core.setOutput('etag', outcome.etag)
  core.setOutput('result', outcome.result)
}

/** Sets the state verification read back ('' when nothing was verified). */
export function setStateOutput(connectionState: string): void {
  core.setOutput('connection-state', connectionState)
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const TITLE = 'HubSpot base connection in Adobe Experience Platform'

function summaryAvailable(): boolean {
  return Boolean(process.env['GITHUB_STEP_SUMMARY'])
}

/** A table of what the step did. Every value is HTML-escaped; no value is a secret. */
export async function writeSummary(outcome: Outcome): Promise<void> {
  if (!summaryAvailable()) return
  const cell = (text: string) => escapeHtml(text || '—')
  const summary = core.summary.addHeading(escapeHtml(TITLE), 2).addTable([
    [
      { data: 'Name', header: true },
      { data: 'ID', header: true },
      { data: 'Sandbox', header: true },
      { data: 'Result', header: true },
      { data: 'State', header: true },
    ],
    [
      cell(outcome.connectionName),
      cell(outcome.connectionId),
      cell(outcome.sandboxName),
      cell(outcome.result),
      cell(outcome.connectionState),
    ],
  ])
  if (outcome.result.startsWith('would-')) summary.addRaw('<p>Dry run: nothing was written.</p>', true)
  if (outcome.exploredObjects !== undefined) {
    summary.addRaw(`<p>Explore listed ${outcome.exploredObjects} HubSpot objects through the connection.</p>`, true)
  }
  await summary.write()
}

/** The failure, for readers of the run's summary page. `message` must already be scrubbed. */
export async function writeFailureSummary(message: string): Promise<void> {
  if (!summaryAvailable()) return
  await core.summary
    .addHeading(escapeHtml(TITLE), 2)
    .addRaw(`<p><strong>Failed.</strong></p><pre>${escapeHtml(message)}</pre>`, true)
    .write()
}
