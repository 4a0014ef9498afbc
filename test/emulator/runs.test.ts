import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { createDataflow, flowCode, platform, UUID } from './helpers.js'
import { CRM_TO_AEP_FLOW_SPEC_ID, startEmulator, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const runsOf = async (e: Emulator, flowId: string, extra = '') =>
  (await platform(e, 'GET', `/runs?property=flowId==${flowId}${extra}`)).json.items
const statusOf = (run: any): string => run.metrics.statusSummary.status

describe('runs by reads', () => {
  it("creating a flow schedules a run; each read of the flow's runs moves it scheduled → inProgress → success", async () => {
    const { flow, target } = await createDataflow(emu)
    const [first] = await runsOf(emu, flow)
    expect(first).toMatchObject({ flowId: flow, flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' } })
    expect(first.id).toMatch(UUID)
    expect(statusOf(first)).toBe('scheduled')
    expect(first.metrics.recordSummary).toEqual({ inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 })
    expect(first.activities).toEqual([])

    const [second] = await runsOf(emu, flow)
    expect(statusOf(second)).toBe('inProgress')
    expect(second.metrics.durationSummary.startedAtUTC).toEqual(expect.any(Number))
    expect(second.metrics.durationSummary).not.toHaveProperty('completedAtUTC')
    expect(second.etag).not.toBe(first.etag)

    const [third] = await runsOf(emu, flow)
    expect(statusOf(third)).toBe('success')
    expect(third.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 100, failedRecordCount: 0 })
    expect(third.metrics.durationSummary.completedAtUTC).toBeGreaterThanOrEqual(
      third.metrics.durationSummary.startedAtUTC,
    )
    expect(third.activities.map((a: { id: string }) => a.id)).toEqual(['copyActivity', 'promotionActivity'])
    expect(third.activities[1].targetInfo[0]).toMatchObject({
      id: target,
      type: 'TargetConnection',
      reference: { type: 'Batch' },
    })
    expect(third.activities[1].targetInfo[0].reference.ids[0]).toMatch(/^[0-9A-Z]{26}$/)
    // finished: further reads change nothing
    const [fourth] = await runsOf(emu, flow)
    expect(fourth.etag).toBe(third.etag)
    expect(emu.runs()[0]!.status).toBe('success')
  })

  it('reading the flow does not move the run; lastRunDetails appears once it finished', async () => {
    const { flow } = await createDataflow(emu)
    const readFlow = async () => (await platform(emu, 'GET', `/flows/${flow}`)).json.items[0]
    for (let i = 0; i < 3; i++) expect(await readFlow()).not.toHaveProperty('lastRunDetails')
    expect(statusOf((await runsOf(emu, flow))[0])).toBe('scheduled')
    await runsOf(emu, flow)
    const [done] = await runsOf(emu, flow)
    expect((await readFlow()).lastRunDetails).toEqual({
      id: done.id,
      state: 'success',
      startedAtUTC: done.metrics.durationSummary.startedAtUTC,
      completedAtUTC: done.metrics.durationSummary.completedAtUTC,
    })
    const byState = await platform(emu, 'GET', '/flows?property=lastRunDetails.state==success')
    expect(byState.json.items.map((f: { id: string }) => f.id)).toEqual([flow])
  })

  it('GET /runs/{id} counts as a read; count=true and lists that leave the run out do not', async () => {
    const a = await createDataflow(emu)
    const runId = emu.runs()[0]!.id
    expect((await platform(emu, 'GET', '/runs?count=true')).json).toEqual({ count: 1 })
    expect(await runsOf(emu, '00000000-0000-4000-8000-000000000000')).toEqual([])
    const one = await platform(emu, 'GET', `/runs/${runId}`)
    expect(one.json.items).toHaveLength(1)
    expect(statusOf(one.json.items[0])).toBe('scheduled')
    expect(statusOf((await runsOf(emu, a.flow))[0])).toBe('inProgress')
    expect((await platform(emu, 'GET', '/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('the steps and record count are configurable (0 skips a step)', async () => {
    const own = await startEmulator({ runs: { scheduledReads: 0, inProgressReads: 2, inputRecordCount: 7 } })
    try {
      const { flow } = await createDataflow(own)
      const seen: string[] = []
      for (let i = 0; i < 3; i++) seen.push(statusOf((await runsOf(own, flow))[0]))
      expect(seen).toEqual(['inProgress', 'inProgress', 'success'])
      expect((await runsOf(own, flow))[0].metrics.recordSummary.inputRecordCount).toBe(7)
    } finally {
      await own.close()
    }
    const instant = await startEmulator({ runs: { scheduledReads: 0, inProgressReads: 0 } })
    try {
      const { flow } = await createDataflow(instant)
      expect(statusOf((await runsOf(instant, flow))[0])).toBe('success')
    } finally {
      await instant.close()
    }
  })
})

describe('failing runs', () => {
  it("failNextFlow(): the next flow's run ends 'failed' with the documented error codes", async () => {
    emu.failNextFlow()
    const { flow } = await createDataflow(emu)
    await runsOf(emu, flow)
    await runsOf(emu, flow)
    const [run] = await runsOf(emu, flow)
    expect(statusOf(run)).toBe('failed')
    expect(run.metrics.statusSummary.errors.map((e: { code: string }) => e.code)).toEqual(['CONNECTOR-2001-500'])
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 0, failedRecordCount: 100 })
    const promotion = run.activities.find((a: { id: string }) => a.id === 'promotionActivity')
    expect(promotion.statusSummary.status).toBe('failed')
    expect(promotion.statusSummary.extensions.errors).toEqual([
      expect.objectContaining({ code: 'INGEST-1212-400' }),
      { code: 'MAPPER-3700-400', recordCount: 100, message: 'Mapper Transform Error' },
    ])
    // The docs filter with a capital F.
    const failed = await platform(
      emu,
      'GET',
      `/runs?property=flowId==${flow}&property=${encodeURIComponent('metrics.statusSummary.status==Failed')}`,
    )
    expect(failed.json.items).toHaveLength(1)
    expect((await platform(emu, 'GET', `/flows/${flow}`)).json.items[0].lastRunDetails.state).toBe('failed')
    expect(emu.runs()[0]!.failure!.failedRecordCount).toBe(100)

    // Consumed: the flow after that succeeds.
    const next = await createDataflow(emu)
    for (let i = 0; i < 2; i++) await runsOf(emu, next.flow)
    expect(statusOf((await runsOf(emu, next.flow))[0])).toBe('success')
  })

  it('failRuns(flowId, failure): an unfinished run of that flow fails the way given', async () => {
    const { flow } = await createDataflow(emu)
    await runsOf(emu, flow) // scheduled → inProgress
    emu.failRuns(flow, {
      errors: [{ code: 'CONNECTOR-1001-500', message: 'Error copying data from the source.' }],
      activityErrors: [],
      failedRecordCount: 3,
    })
    await runsOf(emu, flow)
    const [run] = await runsOf(emu, flow)
    expect(statusOf(run)).toBe('failed')
    expect(run.metrics.statusSummary.errors).toEqual([
      { code: 'CONNECTOR-1001-500', message: 'Error copying data from the source.' },
    ])
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 100, outputRecordCount: 97, failedRecordCount: 3 })
    expect(() => emu.failRuns('nope')).toThrow(/no flow/)
  })

  it("scheduleNextRun(flowId, outcome): the scheduler's next run, a new one that moves on by reads", async () => {
    const { flow } = await createDataflow(emu)
    emu.failRuns(flow)
    for (let i = 0; i < 3; i++) await runsOf(emu, flow)
    const next = emu.scheduleNextRun(flow)
    expect(next).toMatchObject({ flowId: flow, status: 'scheduled' })
    const [first, second] = await runsOf(emu, flow)
    expect([statusOf(first), statusOf(second)]).toEqual(['failed', 'scheduled'])
    expect(second.id).toBe(next.id)
    expect(second.createdAt).toBeGreaterThanOrEqual(first.createdAt)
    for (let i = 0; i < 2; i++) await runsOf(emu, flow)
    // 'success' (the default) cleared failRuns: the new run succeeds, the old one stays failed.
    expect((await runsOf(emu, flow)).map(statusOf)).toEqual(['failed', 'success'])
    const failing = emu.scheduleNextRun(flow, { failedRecordCount: 1 })
    for (let i = 0; i < 3; i++) await runsOf(emu, flow)
    const third = (await runsOf(emu, flow)).find((run: { id: string }) => run.id === failing.id)
    expect(statusOf(third)).toBe('failed')
    expect(third.metrics.recordSummary.failedRecordCount).toBe(1)
    expect(() => emu.scheduleNextRun('nope')).toThrow(/no flow/)
  })

  it('a run that already finished stays as it was', async () => {
    const { flow } = await createDataflow(emu)
    for (let i = 0; i < 3; i++) await runsOf(emu, flow)
    emu.failRuns(flow)
    expect(statusOf((await runsOf(emu, flow))[0])).toBe('success')
  })

  it('run filters are checked like the other lists', async () => {
    expect(flowCode(await platform(emu, 'GET', '/runs?property=flow==x'))).toBe('1449-400')
  })
})
