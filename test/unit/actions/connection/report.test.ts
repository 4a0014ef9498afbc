import { describe, expect, it } from 'vitest'
import {
  setConnectionOutputs,
  setStateOutput,
  SUMMARY_TITLE,
  writeSummary,
  type Outcome,
} from '../../../../src/actions/connection/report.js'
import { FakeRunner } from '../../../support/fake-runner.js'

const outcome: Outcome = {
  connectionName: 'HubSpot <EU>',
  sandboxName: 'prod',
  result: 'created',
  connectionId: 'c-1',
  etag: '"e1"',
  connectionState: 'enabled',
}

describe('the connection report', () => {
  it('sets the outputs known once the connection is written', () => {
    const runner = new FakeRunner()
    setConnectionOutputs(runner, outcome)
    expect(runner.outputs).toEqual({ 'connection-id': 'c-1', etag: '"e1"', result: 'created' })
    setStateOutput(runner, 'enabled')
    expect(runner.outputs['connection-state']).toBe('enabled')
  })

  it('writes a table of what the step did, escaped', async () => {
    const runner = new FakeRunner()
    await writeSummary(runner, outcome)
    expect(runner.summary).toBe(
      `<h2>${SUMMARY_TITLE}</h2>\n` +
        '<table><tr><th>Name</th><th>ID</th><th>Sandbox</th><th>Result</th><th>State</th></tr>' +
        '<tr><td>HubSpot &lt;EU&gt;</td><td>c-1</td><td>prod</td><td>created</td><td>enabled</td></tr></table>\n',
    )
    expect(SUMMARY_TITLE).toBe('HubSpot base connection in Adobe Experience Platform')
  })

  it('says a dry run wrote nothing, with a dash for what it does not know', async () => {
    const runner = new FakeRunner()
    await writeSummary(runner, { ...outcome, result: 'would-create', connectionId: '', etag: '', connectionState: '' })
    expect(runner.summary).toContain('<td>would-create</td><td>—</td></tr>')
    expect(runner.summary).toContain('<td>HubSpot &lt;EU&gt;</td><td>—</td>')
    expect(runner.summary).toMatch(/<p>Dry run: nothing was written\.<\/p>\n$/)
  })

  it('counts the objects explore listed', async () => {
    const runner = new FakeRunner()
    await writeSummary(runner, { ...outcome, result: 'reused', exploredObjects: 4 })
    expect(runner.summary).toMatch(/<p>Explore listed 4 HubSpot objects through the connection\.<\/p>\n$/)
    expect(runner.summary).not.toContain('Dry run')
    const none = new FakeRunner()
    await writeSummary(none, { ...outcome, exploredObjects: 0 })
    expect(none.summary).toContain('Explore listed 0 HubSpot objects')
  })
})
