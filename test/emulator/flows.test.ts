import { beforeEach, describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import {
  conversion,
  createDataflow,
  ETAG,
  flowBody,
  flowCode,
  http,
  mappingBody,
  platform,
  platformHeaders,
  sourceBody,
  targetBody,
  UUID,
  type Dataflow,
} from './helpers.js'
import {
  BASE_PATH,
  CRM_TO_AEP_FLOW_SPEC_ID,
  DATA_LAKE_CONNECTION_SPEC_ID,
  HUBSPOT_CONNECTION_SPEC_ID,
  type Emulator,
} from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const getFlow = async (id: string) => (await platform(emu, 'GET', `/flows/${id}`)).json.items[0]

describe('POST /flows', () => {
  it('201 {id, etag} + Location; reads back with the FlowItemDTO fields and no lastRunDetails yet', async () => {
    const df = await createDataflow(emu)
    const post = emu.requests.filter((r) => r.method === 'POST' && r.path === `${BASE_PATH}/flows`).at(-1)!
    expect(post.status).toBe(201)
    expect(df.flow).toMatch(UUID)
    const flow = await getFlow(df.flow)
    expect(flow).toMatchObject({
      id: df.flow,
      name: 'HubSpot dataflow',
      flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' },
      state: 'enabled',
      sourceConnectionIds: [df.source],
      targetConnectionIds: [df.target],
      scheduleParams: { startTime: '1717000000', frequency: 'hour', interval: '1' },
      runs: `/runs?property=flowId==${df.flow}`,
      lastOperation: { operation: 'create', updated: 0 },
      inheritedAttributes: {
        sourceConnections: [
          {
            id: df.source,
            connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
            baseConnection: { id: df.connection },
          },
        ],
        targetConnections: [{ id: df.target, connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC_ID, version: '1.0' } }],
      },
    })
    expect(flow.etag).toMatch(ETAG)
    expect(flow.transformations.map((t: { name: string }) => t.name)).toEqual(['Copy', 'Mapping'])
    expect(flow).not.toHaveProperty('lastRunDetails')
    expect(emu.flows().map((f) => f.id)).toEqual([df.flow])
  })

  it('accepts the spec types too (integers), and frequency once without interval and backfill', async () => {
    const df = await createDataflow(emu)
    const ids = { source: df.source, target: df.target, mappingId: df.mappingId }
    for (const schedule of [
      { startTime: 1717000000, frequency: 'minute', interval: 15, backfill: true },
      { startTime: '1717000000', frequency: 'once' },
      { startTime: 1717000000, frequency: 'week', interval: '2', backfill: 'false' },
    ]) {
      const res = await platform(emu, 'POST', '/flows', { body: flowBody(ids, schedule) })
      expect(res.status).toBe(201)
    }
  })

  describe('refusals', () => {
    let df: Dataflow
    beforeEach(async () => {
      df = await createDataflow(emu)
    })
    const ids = () => ({ source: df.source, target: df.target, mappingId: df.mappingId })
    const post = (body: unknown) => platform(emu, 'POST', '/flows', { body })
    const expectRefused = async (body: unknown, code: string, text?: string) => {
      const before = emu.flows().length
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(flowCode(res)).toBe(code)
      if (text !== undefined) expect(res.json.report['detailed-message']).toContain(text)
      expect(emu.flows()).toHaveLength(before)
    }

    it('`state` in the body is 1410-400; another flow spec is 1413; no name is 1100', async () => {
      await expectRefused({ ...flowBody(ids()), state: 'enabled' }, '1410-400', '`State` is not allowed')
      await expectRefused({ ...flowBody(ids()), flowSpec: { id: 'c604ff05-7f1a-43c0-8e18-33bf874cb11c' } }, '1413-400')
      await expectRefused({ ...flowBody(ids()), name: '' }, '1100-400', 'name')
    })

    it('connections must exist in the sandbox and fit the flow spec', async () => {
      const zero = '00000000-0000-4000-8000-000000000000'
      await expectRefused(flowBody({ ...ids(), source: zero }), '1100-400', zero)
      await expectRefused(flowBody({ ...ids(), target: zero }), '1100-400', zero)
      await expectRefused(flowBody({ ...ids(), source: df.target }), '1100-400') // a target is no source
      await expectRefused({ ...flowBody(ids()), sourceConnectionIds: [] }, '1100-400')
      await expectRefused({ ...flowBody(ids()), targetConnectionIds: undefined }, '1100-400', 'targetConnectionIds')
    })

    it('Copy needs deltaColumn.name; unknown transformations are refused', async () => {
      const body = flowBody(ids())
      const copyless = { ...body, transformations: [{ name: 'Copy', params: { deltaColumn: { dateFormat: 'x' } } }] }
      await expectRefused(copyless, '1100-400', 'deltaColumn.name')
      await expectRefused({ ...body, transformations: [{ name: 'Filter', params: {} }] }, '1100-400', "'Filter'")
    })

    it('a Mapping with an unknown id or version is 1412-400', async () => {
      await expectRefused(flowBody({ ...ids(), mappingId: '0'.repeat(32) }), '1412-400')
      await expectRefused(flowBody({ ...ids(), mappingVersion: 1 }), '1412-400', 'version 1')
    })

    it("the mapping's schema must be the target's and its dataset's: else 1425-400", async () => {
      const other = emu.seedDataset({ name: 'other schema' })
      const target = (
        await platform(emu, 'POST', '/targetConnections', { body: targetBody(other.id, other.schemaRef.id) })
      ).json.id
      await expectRefused(flowBody({ ...ids(), target }), '1425-400', 'Schema with same id and version')
      // A target whose declared schema differs from its dataset's is caught the same way.
      const mixed = (await platform(emu, 'POST', '/targetConnections', { body: targetBody(other.id) })).json.id
      await expectRefused(flowBody({ ...ids(), target: mixed }), '1425-400')
    })

    it('a mapping that does not validate (sourceType) is 1419-400', async () => {
      const bad = (
        await conversion(emu, 'POST', '/mappingSets', {
          body: mappingBody([{ sourceType: 'text/x.schema-path', source: 'Vid', destination: '_id' }]),
        })
      ).json.id
      await expectRefused(flowBody({ ...ids(), mappingId: bad }), '1419-400')
    })

    it.each([
      [{ startTime: '1717000000000', frequency: 'hour', interval: '1' }, 'startTime'], // milliseconds
      [{ startTime: 'soon', frequency: 'hour', interval: '1' }, 'startTime'],
      [{ frequency: 'hour', interval: '1' }, 'startTime'],
      [{ startTime: '1717000000', frequency: 'month', interval: '1' }, 'frequency'],
      [{ startTime: '1717000000', frequency: 'once', interval: '15' }, 'interval'], // the tutorial's own example
      [{ startTime: '1717000000', frequency: 'once', backfill: true }, 'backfill'],
      [{ startTime: '1717000000', frequency: 'minute', interval: '5' }, 'interval'],
      [{ startTime: '1717000000', frequency: 'hour', interval: 0 }, 'interval'],
      [{ startTime: '1717000000', frequency: 'day' }, 'interval'],
      [{ startTime: '1717000000', frequency: 'day', interval: 1, backfill: 'yes' }, 'backfill'],
    ])('scheduleParams %j is refused (%s)', async (schedule, field) => {
      await expectRefused(flowBody(ids(), schedule), '1100-400', field)
    })

    it('scheduleParams are required', async () => {
      await expectRefused({ ...flowBody(ids()), scheduleParams: undefined }, '1100-400', 'scheduleParams')
    })
  })
})

describe('GET /flows', () => {
  it('filters on flowSpec.id, name, sourceConnectionIds[] and state, and pages with _links.next', async () => {
    const df = await createDataflow(emu)
    const secondSource = (
      await platform(emu, 'POST', '/sourceConnections', { body: sourceBody(df.connection, 'Hubspot.Deals') })
    ).json.id
    const second = await platform(emu, 'POST', '/flows', {
      body: { ...flowBody({ source: secondSource, target: df.target, mappingId: df.mappingId }), name: 'Deals flow' },
    })
    expect(second.status).toBe(201)
    const names = async (query: string) =>
      (await platform(emu, 'GET', `/flows?${query}`)).json.items.map((f: { name: string }) => f.name)
    expect(await names(`property=flowSpec.id==${CRM_TO_AEP_FLOW_SPEC_ID}`)).toEqual(['HubSpot dataflow', 'Deals flow'])
    expect(await names(`property=${encodeURIComponent(`sourceConnectionIds[]==${secondSource}`)}`)).toEqual([
      'Deals flow',
    ])
    expect(await names(`property=${encodeURIComponent(`sourceConnectionIds[]!=${secondSource}`)}`)).toEqual([
      'HubSpot dataflow',
    ])
    expect(
      await names(`property=${encodeURIComponent(`targetConnectionIds[]==${df.target}`)}&property=name==Deals%20flow`),
    ).toEqual(['Deals flow'])
    expect(await names('property=state==enabled&orderby=-name')).toEqual(['HubSpot dataflow', 'Deals flow'])

    const first = await platform(emu, 'GET', '/flows?limit=1')
    expect(first.json.items).toHaveLength(1)
    const next = await http(`${emu.urls.platform}${BASE_PATH}${first.json._links.next.href}`, {
      headers: platformHeaders(emu),
    })
    expect(next.json.items.map((f: { name: string }) => f.name)).toEqual(['Deals flow'])
  })

  it('an unknown flow is FLOW-1439-404 naming the flow', async () => {
    const id = '84224def-1e2a-4d95-9ea2-132d697ed2aa'
    const res = await platform(emu, 'GET', `/flows/${id}`)
    expect(res.status).toBe(404)
    expect(flowCode(res)).toBe('1439-404')
    expect(res.json.report).toMatchObject({ id, type: 'flows' })
  })
})

describe('PATCH /flows/{id}', () => {
  const patch = (id: string, body: unknown, ifMatch?: string) =>
    platform(emu, 'PATCH', `/flows/${id}`, { body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } })

  it('If-Match required and current; name, description and schedule change; lastOperation counts updates', async () => {
    const df = await createDataflow(emu)
    const { etag } = await getFlow(df.flow)
    const body = [
      { op: 'replace', path: '/scheduleParams/frequency', value: 'day' },
      { op: 'replace', path: '/name', value: 'New dataflow name' },
      { op: 'replace', path: '/description', value: 'Updated dataflow description' },
    ]
    expect(flowCode(await patch(df.flow, body))).toBe('1403-400')
    const ok = await patch(df.flow, body, etag)
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ id: df.flow, etag: expect.stringMatching(ETAG) })
    expect(flowCode(await patch(df.flow, body, etag))).toBe('1404-412')
    const flow = await getFlow(df.flow)
    expect(flow).toMatchObject({
      name: 'New dataflow name',
      description: 'Updated dataflow description',
      scheduleParams: { frequency: 'day', interval: '1' },
      lastOperation: { operation: 'update', updated: 1 },
      etag: ok.json.etag,
    })
  })

  it('moves the Mapping to a new version after a PUT; a version that does not exist is 1412', async () => {
    const df = await createDataflow(emu)
    await conversion(emu, 'PUT', `/mappingSets/${df.mappingId}`, { body: mappingBody() })
    const { etag } = await getFlow(df.flow)
    const missing = await patch(
      df.flow,
      [{ op: 'replace', path: '/transformations/1/params/mappingVersion', value: 2 }],
      etag,
    )
    expect(flowCode(missing)).toBe('1412-400')
    const ok = await patch(
      df.flow,
      [{ op: 'replace', path: '/transformations/1/params/mappingVersion', value: 1 }],
      etag,
    )
    expect(ok.status).toBe(200)
    expect(emu.flows()[0]!.transformations[1]!.params.mappingVersion).toBe(1)
    // A whole transformation can be replaced as well, and is checked the same way.
    const whole = await patch(
      df.flow,
      [
        {
          op: 'replace',
          path: '/transformations/1',
          value: { name: 'Mapping', params: { mappingId: df.mappingId, mappingVersion: 0 } },
        },
      ],
      ok.json.etag,
    )
    expect(whole.status).toBe(200)
  })

  it('re-checks the result (schedule rules) and refuses other paths; nothing changes', async () => {
    const df = await createDataflow(emu)
    const { etag } = await getFlow(df.flow)
    expect(flowCode(await patch(df.flow, [{ op: 'remove', path: '/scheduleParams/interval' }], etag))).toBe('1100-400')
    expect(
      flowCode(await patch(df.flow, [{ op: 'replace', path: '/scheduleParams/frequency', value: 'once' }], etag)),
    ).toBe('1100-400')
    expect(flowCode(await patch(df.flow, [{ op: 'replace', path: '/flowSpec/id', value: 'x' }], etag))).toBe('1455-400')
    expect(flowCode(await patch(df.flow, [{ op: 'replace', path: '/state', value: 'disabled' }], etag))).toBe(
      '1455-400',
    )
    expect(flowCode(await patch(df.flow, [{ op: 'remove', path: '/transformations/7' }], etag))).toBe('1455-400')
    expect((await getFlow(df.flow)).etag).toBe(etag)
  })
})

describe('DELETE and what a flow holds on to', () => {
  it('connections used by a flow cannot be deleted (1447, 1418) until the flow is gone; its runs go with it', async () => {
    const df = await createDataflow(emu)
    expect(flowCode(await platform(emu, 'DELETE', `/sourceConnections/${df.source}`))).toBe('1447-400')
    expect(flowCode(await platform(emu, 'DELETE', `/targetConnections/${df.target}`))).toBe('1447-400')
    const base = await platform(emu, 'DELETE', `/connections/${df.connection}`)
    expect(flowCode(base)).toBe('1418-400')
    expect(emu.runs()).toHaveLength(1)

    expect((await platform(emu, 'DELETE', `/flows/${df.flow}`)).status).toBe(204)
    expect(flowCode(await platform(emu, 'GET', `/flows/${df.flow}`))).toBe('1439-404')
    expect(emu.runs()).toEqual([])
    expect((await platform(emu, 'DELETE', `/sourceConnections/${df.source}`)).status).toBe(204)
    expect((await platform(emu, 'DELETE', `/targetConnections/${df.target}`)).status).toBe(204)
    expect((await platform(emu, 'DELETE', `/connections/${df.connection}`)).status).toBe(204)
  })

  it('resources are per sandbox; reset() clears them all but keeps the demo dataset', async () => {
    await createDataflow(emu, 'dev')
    expect(emu.flows('dev')).toHaveLength(1)
    expect(emu.flows('prod')).toEqual([])
    expect((await platform(emu, 'GET', '/flows')).json.items).toEqual([])
    emu.reset()
    expect([emu.sourceConnections(), emu.targetConnections(), emu.flows(), emu.runs(), emu.mappingSets()]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ])
    expect(emu.datasets().length).toBeGreaterThan(0)
  })
})

describe('GET /flowSpecs', () => {
  it('finds CRMToAEP by name, with HubSpot among its source connection specs', async () => {
    const res = await platform(emu, 'GET', `/flowSpecs?property=${encodeURIComponent('name=="CRMToAEP"')}`)
    expect(res.json.items).toHaveLength(1)
    expect(res.json.items[0]).toMatchObject({
      id: CRM_TO_AEP_FLOW_SPEC_ID,
      sourceConnectionSpecIds: expect.arrayContaining([HUBSPOT_CONNECTION_SPEC_ID]),
      targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC_ID],
    })
    expect((await platform(emu, 'GET', `/flowSpecs/${CRM_TO_AEP_FLOW_SPEC_ID}`)).status).toBe(200)
  })
})
