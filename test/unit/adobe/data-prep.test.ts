import { beforeEach, describe, expect, it } from 'vitest'
import { XDM_FULL_CONTENT_TYPE } from '../../../src/adobe/catalog.js'
import {
  DATA_PREP_PATH,
  DataPrepClient,
  MAPPING_SET_ID,
  mappingSetBody,
  sameMappings,
  type Mapping,
  type MappingInput,
} from '../../../src/adobe/data-prep.js'
import type { TokenSource } from '../../../src/adobe/platform.js'
import { DEMO } from '../../emulator/demo.js'
import type { Emulator } from '../../emulator/server.js'
import { body, commitThenReset, failThenCommit, reset, status, type Target } from '../../support/faults.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, answer, httpStack, scriptedStack, ScriptedTransport, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

let stack: Stack
beforeEach(() => {
  stack = httpStack()
})

const tokens = (token?: string): TokenSource => ({
  given: true,
  current: () => token ?? emulator.issueAdobeToken(),
  renew: async () => undefined,
})

function dataPrep(sandbox = 'prod') {
  return new DataPrepClient(stack.sender, stack.secrets, {
    platformUrl: emulator.urls.platform,
    apiKey: DEMO.adobe.clientId,
    orgId: DEMO.adobe.orgId,
    sandboxName: sandbox,
    tokens: tokens(),
  })
}

/** A client over a scripted transport, for answers the emulator does not give. */
function scripted(...answers: ReturnType<typeof answer>[]) {
  const transport = new ScriptedTransport(answers)
  const { sender, secrets } = scriptedStack(transport)
  const client = new DataPrepClient(sender, secrets, {
    platformUrl: 'http://127.0.0.1:9',
    apiKey: 'k',
    orgId: 'o',
    sandboxName: 'prod',
    tokens: tokens('t'),
  })
  return { transport, client }
}

const MAPPINGS: MappingInput[] = [
  { source: 'Vid', destination: '_id', sourceType: 'ATTRIBUTE' },
  { source: 'Properties_Firstname_Value', destination: 'person.name.firstName', sourceType: 'ATTRIBUTE' },
  { source: 'lower(Properties_Email_Value)', destination: 'personalEmail.address', sourceType: 'EXPRESSION' },
]
const set = (name = 'HubSpot contacts', mappings = MAPPINGS) =>
  mappingSetBody({ name, schemaId: DEMO.dataset.schemaId, mappings })

const SETS = `${DATA_PREP_PATH}/mappingSets`
const createTarget: Target = { service: 'platform', method: 'POST', path: SETS }
const putTarget: Target = { service: 'platform', method: 'PUT', path: new RegExp(`^${SETS}/[0-9a-f]{32}$`) }
const readTarget: Target = { service: 'platform', method: 'GET', path: new RegExp(`^${SETS}/[0-9a-f]{32}$`) }
const sent = (method: string, path: string | RegExp = SETS) =>
  emulator.requests.filter(
    (request) =>
      request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)),
  )

describe('mappingSetBody', () => {
  it('names the output schema as a full XDM schema and keeps each mapping as given', () => {
    expect(
      mappingSetBody({
        name: 'n',
        schemaId: 'https://ns.adobe.com/t/schemas/s',
        mappings: [{ destination: '_id', source: 'Vid', sourceType: 'ATTRIBUTE' }],
      }),
    ).toEqual({
      name: 'n',
      outputSchema: {
        schemaRef: {
          id: 'https://ns.adobe.com/t/schemas/s',
          contentType: 'application/vnd.adobe.xed-full+json;version=1',
        },
      },
      mappings: [{ sourceType: 'ATTRIBUTE', source: 'Vid', destination: '_id' }],
    })
    expect(XDM_FULL_CONTENT_TYPE).toBe('application/vnd.adobe.xed-full+json;version=1')
  })

  it('copies the mappings, leaving out anything else they carry', () => {
    const input = [{ source: 'a', destination: 'b', sourceType: 'ATTRIBUTE' as const, extra: 1 }]
    const built = mappingSetBody({ name: 'n', schemaId: 's', mappings: input })
    expect(built.mappings).toEqual([{ sourceType: 'ATTRIBUTE', source: 'a', destination: 'b' }])
    expect(built.mappings[0]).not.toBe(input[0])
  })
})

describe('sameMappings', () => {
  const m = (source: string, destination: string, sourceType = 'ATTRIBUTE'): Mapping => ({
    source,
    destination,
    sourceType,
  })
  const table: Array<[string, Mapping[], Mapping[], boolean]> = [
    ['the same', [m('a', 'x')], [m('a', 'x')], true],
    ['none', [], [], true],
    ['in another order', [m('a', 'x'), m('b', 'y')], [m('b', 'y'), m('a', 'x')], true],
    ['ATTRIBUTE as it reads back', [m('a', 'x')], [m('a', 'x', 'text/x.schema-path')], true],
    ['a source type in lower case', [m('a', 'x', 'expression')], [m('a', 'x', 'EXPRESSION')], true],
    ['another source', [m('a', 'x')], [m('b', 'x')], false],
    ['another destination', [m('a', 'x')], [m('a', 'y')], false],
    ['a source and a destination swapped', [m('a', 'x'), m('b', 'y')], [m('a', 'y'), m('b', 'x')], false],
    ['another source type', [m('a', 'x')], [m('a', 'x', 'EXPRESSION')], false],
    [
      'the read-back spelling is not EXPRESSION',
      [m('a', 'x', 'EXPRESSION')],
      [m('a', 'x', 'text/x.schema-path')],
      false,
    ],
    ['one more', [m('a', 'x')], [m('a', 'x'), m('b', 'y')], false],
    ['one twice', [m('a', 'x'), m('a', 'x')], [m('a', 'x'), m('b', 'y')], false],
    ['a source that differs by case', [m('a', 'x')], [m('A', 'x')], false],
    ['fields that run together', [m('a|b', 'c')], [m('a', 'b|c')], false],
  ]
  for (const [what, a, b, same] of table) {
    it(`${what}: ${same ? 'same' : 'different'}`, () => {
      expect(sameMappings(a, b)).toBe(same)
      expect(sameMappings(b, a)).toBe(same)
    })
  }
})

describe('DataPrepClient.validate', () => {
  it('finds no problem in mappings the schema has, and writes nothing', async () => {
    expect(await dataPrep().validate(set())).toEqual([])
    expect(emulator.mappingSets()).toEqual([])
    const [request] = sent('POST', `${SETS}/validate`)
    expect(JSON.parse(request!.body)).toEqual(set())
  })

  it('says what is wrong with each mapping it does not pass', async () => {
    const problems = await dataPrep().validate(
      set('n', [
        { source: 'Vid', destination: '_id', sourceType: 'ATTRIBUTE' },
        { source: 'Portal_Id', destination: 'person.portal', sourceType: 'ATTRIBUTE' },
        { source: 'Added_At', destination: '_repo.createDate', sourceType: 'text/x.schema-path' as 'ATTRIBUTE' },
      ]),
    )
    expect(problems).toEqual([
      {
        source: 'Portal_Id',
        destination: 'person.portal',
        sourceType: 'ATTRIBUTE',
        status: 'ERROR',
        errors: [
          { code: 'INVALID_DESTINATION', message: "destination 'person.portal' is not a field of the output schema." },
        ],
      },
      {
        source: 'Added_At',
        destination: '_repo.createDate',
        sourceType: 'text/x.schema-path',
        status: 'ERROR',
        errors: [{ code: 'INVALID_SOURCE_TYPE', message: expect.stringMatching(/^sourceType 'text\/x.schema-path'/) }],
      },
    ])
  })

  it('is sent again after a transient failure: it writes nothing', async () => {
    emulator.injectFault(reset({ service: 'platform', method: 'POST', path: `${SETS}/validate` }))
    expect(await dataPrep().validate(set())).toEqual([])
    expect(sent('POST', `${SETS}/validate`)).toHaveLength(2)
  })

  it('reads statuses ignoring case, and entries that say little', async () => {
    const { client, transport } = scripted(
      answer(200, {
        validationResponse: [{ status: 'success' }, { status: 'Error' }, { status: 'WARNING', errors: [{}] }],
      }),
    )
    expect(await client.validate(set())).toEqual([
      { source: undefined, destination: undefined, sourceType: undefined, status: 'Error', errors: [] },
      {
        source: undefined,
        destination: undefined,
        sourceType: undefined,
        status: 'WARNING',
        errors: [{ code: undefined, message: undefined }],
      },
    ])
    expect(transport.sent[0]!.resend).toBe('idempotent')
  })

  it('reports a schema Data Prep does not know', async () => {
    const error = await actionErrorOf(
      dataPrep().validate(
        mappingSetBody({ name: 'n', schemaId: 'https://ns.adobe.com/x/schemas/y', mappings: MAPPINGS }),
      ),
    )
    expect(error.facts).toMatchObject({
      kind: 'unexpected',
      status: 400,
      service: 'Data Prep',
      code: 'MAPPER-1400-400',
    })
    expect(error.message).toMatch(/was not found in this sandbox/)
  })
})

describe('DataPrepClient.create', () => {
  it('creates the mapping set once, which reads back with ATTRIBUTE spelled as a schema path', async () => {
    const created = await dataPrep().create(set(), { knownIds: new Set() })
    expect(created.adopted).toBe(false)
    expect(created.value).toEqual({ id: emulator.mappingSets()[0]!.id, version: 0 })
    expect(created.value.id).toMatch(MAPPING_SET_ID)
    const read = await dataPrep().get(created.value.id, 0)
    expect(read).toEqual({
      id: created.value.id,
      version: 0,
      name: 'HubSpot contacts',
      schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL_CONTENT_TYPE },
      mappings: [
        { sourceType: 'text/x.schema-path', source: 'Vid', destination: '_id' },
        {
          sourceType: 'text/x.schema-path',
          source: 'Properties_Firstname_Value',
          destination: 'person.name.firstName',
        },
        { sourceType: 'EXPRESSION', source: 'lower(Properties_Email_Value)', destination: 'personalEmail.address' },
      ],
    })
    expect(sameMappings(read.mappings, MAPPINGS)).toBe(true)
    expect(sent('POST')).toHaveLength(1)
    expect(JSON.parse(sent('POST')[0]!.body)).toEqual(set())
  })

  it('adopts the mapping set a create made before the connection was reset', async () => {
    emulator.injectFault(commitThenReset(createTarget))
    const created = await dataPrep().create(set(), { knownIds: new Set() })
    expect(created).toEqual({ value: { id: emulator.mappingSets()[0]!.id, version: 0 }, adopted: true })
    expect(sent('POST')).toHaveLength(1)
    expect(stack.lines.at(-1)).toBe(
      `The mapping set was created although the answer was lost; adopting ${created.value.id}.`,
    )
    const lookups = sent('GET')
    expect(lookups.length).toBeGreaterThan(0)
    expect(lookups[0]!.query).toEqual([
      ['name', 'HubSpot contacts'],
      ['start', '0'],
      ['limit', '100'],
    ])
  })

  it('adopts only a new one: those of that name that were there before are not what the create made', async () => {
    const before = await dataPrep().create(set(), { knownIds: new Set() })
    await dataPrep().create(set('another name'), { knownIds: new Set() })
    emulator.injectFault(commitThenReset(createTarget))
    const created = await dataPrep().create(set(), { knownIds: new Set([before.value.id]) })
    expect(created.adopted).toBe(true)
    expect(created.value.id).not.toBe(before.value.id)
    expect(emulator.mappingSets().map((s) => s.id)).toContain(created.value.id)
    expect(emulator.mappingSets()).toHaveLength(3)
  })

  it('fails as a conflict when two new ones of that name appear', async () => {
    const stranger = await dataPrep().create(set(), { knownIds: new Set() })
    emulator.injectFault(commitThenReset(createTarget))
    const error = await actionErrorOf(dataPrep().create(set(), { knownIds: new Set() }))
    const ids = emulator.mappingSets().map((s) => s.id)
    expect(ids).toContain(stranger.value.id)
    expect(error.message).toBe(
      `2 new mapping sets named "HubSpot contacts" appeared while the step ran: ${ids.join(', ')}`,
    )
    expect(error.facts).toMatchObject({ kind: 'conflict', service: 'Data Prep' })
    expect(error.facts.hint).toMatch(/concurrency/)
  })

  it('sends the create again after a 500 when the lookup finds nothing', async () => {
    emulator.injectFault(status(createTarget, 500))
    const created = await dataPrep().create(set(), { knownIds: new Set() })
    expect(created.adopted).toBe(false)
    expect(emulator.mappingSets()).toHaveLength(1)
    expect(sent('POST')).toHaveLength(2)
    expect(stack.lines).toContain('No mapping set was created; sending the create again.')
  })

  it('adopts what a 500 made, without sending the create again', async () => {
    emulator.injectFault(failThenCommit(createTarget, 500, 0))
    const created = await dataPrep().create(set(), { knownIds: new Set() })
    expect(created.adopted).toBe(true)
    expect(emulator.mappingSets()).toHaveLength(1)
    expect(sent('POST')).toHaveLength(1)
  })

  it('looks for a create whose answer has an id that is no mapping set id, and adopts the real one', async () => {
    emulator.injectFault(body(createTarget, JSON.stringify({ id: 'XYZ', version: 0 })))
    const created = await dataPrep().create(set(), { knownIds: new Set() })
    expect(created).toEqual({ value: { id: emulator.mappingSets()[0]!.id, version: 0 }, adopted: true })
    expect(sent('POST')).toHaveLength(1)
  })

  it('fails saying a re-run settles it when a create got no answer and nothing appeared', async () => {
    emulator.injectFault(reset(createTarget))
    const error = await actionErrorOf(dataPrep().create(set(), { knownIds: new Set() }))
    expect(error.message).toMatch(
      /^Data Prep did not confirm the create \(.*\), and no new mapping set named "HubSpot contacts" appeared in \d+ s of looking$/,
    )
    expect(error.facts).toMatchObject({ kind: 'transient', operation: 'create mapping set (POST /mappingSets)' })
    expect(error.facts.hint).toMatch(/^The mapping set may still be created\. Re-run the job/)
    expect(sent('POST')).toHaveLength(1)
  })

  it('reports destinations the schema lacks', async () => {
    const error = await actionErrorOf(
      dataPrep().create(set('n', [{ source: 'a', destination: 'person.birthDate', sourceType: 'ATTRIBUTE' }]), {
        knownIds: new Set(),
      }),
    )
    expect(error.facts).toMatchObject({ status: 400, code: 'MAPPER-1400-400', service: 'Data Prep' })
    expect(error.message).toContain('person.birthDate')
  })
})

describe('DataPrepClient.findNamed', () => {
  it('finds exactly that name, in its own sandbox, with the latest version', async () => {
    const name = 'a&b=c "d" ü'
    const first = await dataPrep().create(set(name), { knownIds: new Set() })
    await dataPrep().create(set(`${name}x`), { knownIds: new Set() })
    await dataPrep().create(set(name.toUpperCase()), { knownIds: new Set() })
    await dataPrep().update(first.value.id, set(name, MAPPINGS.slice(0, 1)), 0)
    expect(await dataPrep().findNamed(name)).toEqual([{ id: first.value.id, version: 1 }])
    expect(await dataPrep('dev').findNamed(name)).toEqual([])
    expect(sent('GET').at(-1)!.query).toEqual([
      ['name', name],
      ['start', '0'],
      ['limit', '100'],
    ])
  })

  it('compares the name itself, pages until a short page, and skips sets of other names it cannot read', async () => {
    const item = (i: number, name = 'n') => ({ id: i.toString(16).padStart(32, '0'), version: i % 3, name })
    const { client, transport } = scripted(
      answer(200, { data: [...Array.from({ length: 99 }, (_, i) => item(i + 1)), { id: 'odd', name: 'other' }] }),
      answer(200, { data: [item(200), item(201, 'N'), { name: 'other' }, 'text'] }),
    )
    const found = await client.findNamed('n')
    expect(found).toHaveLength(100)
    expect(found.at(-1)).toEqual({ id: item(200).id, version: 2 })
    expect(transport.sent.map((request) => new URL(request.url).search)).toEqual([
      '?name=n&start=0&limit=100',
      '?name=n&start=100&limit=100',
    ])
    expect(transport.sent.map((request) => request.operation)).toEqual([
      'list mapping sets (GET /mappingSets, page 1)',
      'list mapping sets (GET /mappingSets, page 2)',
    ])
  })

  it('refuses a set of that name whose id is not a mapping set id', async () => {
    const { client } = scripted(answer(200, { data: [{ id: 'ABC', version: 0, name: 'n' }] }))
    const error = await actionErrorOf(client.findNamed('n'))
    expect(error.message).toMatch(
      /^the answer does not have the expected shape: a mapping set named "n" not a mapping set id/,
    )
    expect(error.facts.operation).toBe('list mapping sets (GET /mappingSets, page 1)')
  })

  it('ends a list that does not', async () => {
    const full = { data: Array.from({ length: 100 }, () => ({ name: 'other' })) }
    const { client, transport } = scripted(...Array.from({ length: 101 }, () => answer(200, full)))
    const error = await actionErrorOf(client.findNamed('n'))
    expect(error.message).toBe('the list of mapping sets did not end after 100 pages')
    expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Data Prep' })
    expect(transport.sent).toHaveLength(100)
  })
})

describe('DataPrepClient.get', () => {
  it('reads any version, and the latest without one', async () => {
    const { value } = await dataPrep().create(set(), { knownIds: new Set() })
    await dataPrep().update(value.id, set('HubSpot contacts', MAPPINGS.slice(0, 1)), 0)
    expect((await dataPrep().get(value.id, 0)).mappings).toHaveLength(3)
    expect((await dataPrep().get(value.id)).version).toBe(1)
    expect(sent('GET', readTarget.path!).map((request) => request.query)).toEqual([[['version', '0']], []])
  })

  it('reports a mapping set or a version that is not there', async () => {
    const { value } = await dataPrep().create(set(), { knownIds: new Set() })
    for (const [id, version] of [
      [value.id, 1],
      ['0'.repeat(32), 0],
    ] as const) {
      const error = await actionErrorOf(dataPrep().get(id, version))
      expect(error.facts).toMatchObject({
        kind: 'not-found',
        status: 404,
        code: 'MAPPER-1404-404',
        operation: `read mapping set (GET /mappingSets/${id}?version=${version})`,
      })
    }
  })

  const other = {
    id: 'f'.repeat(32),
    version: 0,
    outputSchema: { schemaRef: { id: 's', contentType: 'c' } },
    mappings: [],
  }
  const wrong: Array<[string, Record<string, unknown>, RegExp]> = [
    ['another mapping set', other, /it is mapping set f{32} version 0, not /],
    ['another version', { version: 3 }, /version 3, not .* version 0$/],
    ['an id that is no mapping set id', { id: 'F'.repeat(32) }, /at id, not a mapping set id/],
    ['no schema', { outputSchema: {} }, /at outputSchema\.schemaRef, /],
  ]
  for (const [what, change, message] of wrong) {
    it(`refuses a read-back of ${what}`, async () => {
      const { value } = await dataPrep().create(set(), { knownIds: new Set() })
      const good = { ...other, id: value.id }
      emulator.injectFault(body(readTarget, JSON.stringify({ ...good, ...change })))
      const error = await actionErrorOf(dataPrep().get(value.id, 0))
      expect(error.message).toMatch(/^the answer does not have the expected shape: /)
      expect(error.message).toMatch(message)
      expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Data Prep' })
    })
  }
})

describe('DataPrepClient.update', () => {
  const changed = () => set('HubSpot contacts', MAPPINGS.slice(1))

  async function existing() {
    const { value } = await dataPrep().create(set(), { knownIds: new Set() })
    emulator.clearRequests()
    return value
  }

  it('writes a new version with the same id', async () => {
    const { id } = await existing()
    const updated = await dataPrep().update(id, changed(), 0)
    expect(updated).toEqual({ value: { id, version: 1 }, adopted: false })
    expect(emulator.mappingSets()[0]!.versions.map((v) => v.version)).toEqual([0, 1])
    expect(sameMappings((await dataPrep().get(id, 1)).mappings, changed().mappings)).toBe(true)
    const [put] = sent('PUT', putTarget.path!)
    expect(put!.path).toBe(`${SETS}/${id}`)
    expect(JSON.parse(put!.body)).toEqual(changed())
  })

  it('adopts the version a PUT wrote before the connection was reset, without writing another', async () => {
    const { id } = await existing()
    emulator.injectFault(commitThenReset(putTarget))
    const updated = await dataPrep().update(id, changed(), 0)
    expect(updated).toEqual({ value: { id, version: 1 }, adopted: true })
    expect(emulator.mappingSets()[0]!.versions).toHaveLength(2)
    expect(sent('PUT', putTarget.path!)).toHaveLength(1)
  })

  it('adopts what a 503 wrote, without sending the PUT again', async () => {
    const { id } = await existing()
    emulator.injectFault(failThenCommit(putTarget, 503, 0))
    expect((await dataPrep().update(id, changed(), 0)).adopted).toBe(true)
    expect(emulator.mappingSets()[0]!.versions).toHaveLength(2)
    expect(sent('PUT', putTarget.path!)).toHaveLength(1)
  })

  it('sends the PUT again after a 503 when the latest version is still the one it was based on', async () => {
    const { id } = await existing()
    emulator.injectFault(status(putTarget, 503))
    expect(await dataPrep().update(id, changed(), 0)).toEqual({ value: { id, version: 1 }, adopted: false })
    expect(emulator.mappingSets()[0]!.versions).toHaveLength(2)
    expect(sent('PUT', putTarget.path!)).toHaveLength(2)
    expect(stack.lines).toContain('No mapping set version was created; sending the create again.')
  })

  it('does not adopt a newer version with other mappings or on another schema', async () => {
    const { id } = await existing()
    const other = emulator.seedDataset({ name: 'other schema' })
    // Someone else's version 1 (other mappings), then ours is lost on the way.
    await dataPrep().update(id, set('HubSpot contacts', MAPPINGS.slice(0, 1)), 0)
    emulator.injectFault(status(putTarget, 500))
    expect(await dataPrep().update(id, changed(), 0)).toEqual({ value: { id, version: 2 }, adopted: false })
    emulator.injectFault(status(putTarget, 500))
    const moved = mappingSetBody({
      name: 'HubSpot contacts',
      schemaId: other.schemaRef.id,
      mappings: MAPPINGS.slice(1),
    })
    expect((await dataPrep().update(id, moved, 2)).adopted).toBe(false)
    expect(emulator.mappingSets()[0]!.versions).toHaveLength(4)
  })

  it('fails saying a re-run settles it when a PUT got no answer and no new version appeared', async () => {
    const { id } = await existing()
    emulator.injectFault(reset(putTarget))
    const error = await actionErrorOf(dataPrep().update(id, changed(), 0))
    expect(error.message).toMatch(
      /and no new mapping set version named "HubSpot contacts" appeared in \d+ s of looking$/,
    )
    expect(error.facts).toMatchObject({ kind: 'transient', operation: `update mapping set (PUT /mappingSets/${id})` })
    expect(error.facts.hint).toMatch(new RegExp(`^A new version of mapping set ${id} may still be written\\. Re-run`))
    expect(sent('PUT', putTarget.path!)).toHaveLength(1)
  })

  it('looks for the version when the answer is about another mapping set', async () => {
    const { id } = await existing()
    emulator.injectFault(body(putTarget, JSON.stringify({ id: 'f'.repeat(32), version: 1 })))
    expect(await dataPrep().update(id, changed(), 0)).toEqual({ value: { id, version: 1 }, adopted: true })
  })

  it('reports a mapping set that is not there', async () => {
    const error = await actionErrorOf(dataPrep().update('0'.repeat(32), changed(), 0))
    expect(error.facts).toMatchObject({ kind: 'not-found', status: 404, code: 'MAPPER-1404-404' })
    expect(sent('PUT', putTarget.path!)).toHaveLength(1)
  })
})
