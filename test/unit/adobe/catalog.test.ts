import { beforeEach, describe, expect, it } from 'vitest'
import {
  CATALOG_PATH,
  CatalogClient,
  DATASET_ID,
  requireDatasetId,
  XDM_FULL_CONTENT_TYPE,
} from '../../../src/adobe/catalog.js'
import { DEMO } from '../../emulator/demo.js'
import { XDM_FULL_CONTENT_TYPE as EMULATOR_XDM, type Emulator } from '../../emulator/server.js'
import { body, status } from '../../support/faults.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, httpStack, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

let stack: Stack
beforeEach(() => {
  stack = httpStack()
})

function catalog(sandbox = 'prod') {
  return new CatalogClient(stack.sender, stack.secrets, {
    platformUrl: emulator.urls.platform,
    apiKey: DEMO.adobe.clientId,
    orgId: DEMO.adobe.orgId,
    sandboxName: sandbox,
    tokens: { given: true, current: () => emulator.issueAdobeToken(), renew: async () => undefined },
  })
}

const datasetGet = { service: 'platform' as const, method: 'GET', path: new RegExp(`^${CATALOG_PATH}/dataSets/`) }
const catalogRequests = () => emulator.requests.filter((request) => request.path.startsWith(CATALOG_PATH))

describe('CatalogClient.getDataset', () => {
  it('reads the name and the schema of a dataset, asking only for those', async () => {
    expect(XDM_FULL_CONTENT_TYPE).toBe(EMULATOR_XDM)
    expect(await catalog().getDataset(DEMO.dataset.id)).toEqual({
      id: DEMO.dataset.id,
      name: DEMO.dataset.name,
      schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL_CONTENT_TYPE },
    })
    const [request] = catalogRequests()
    expect(request!.path).toBe(`${CATALOG_PATH}/dataSets/${DEMO.dataset.id}`)
    expect(request!.query).toEqual([['properties', 'name,schemaRef']])
    expect(request!.headers).toMatchObject({ 'x-sandbox-name': 'prod', 'x-api-key': DEMO.adobe.clientId })
  })

  it('reads a dataset of its own sandbox only', async () => {
    const seeded = emulator.seedDataset({ name: 'Companies', sandbox: 'dev' })
    expect(await catalog('dev').getDataset(seeded.id)).toEqual({
      id: seeded.id,
      name: 'Companies',
      schemaRef: seeded.schemaRef,
    })
    const error = await actionErrorOf(catalog('prod').getDataset(seeded.id))
    expect(error.facts.kind).toBe('not-found')
  })

  it('says which input to check when the dataset is not there', async () => {
    const id = '0123456789abcdef01234567'
    const error = await actionErrorOf(catalog().getDataset(id))
    expect(error.facts).toMatchObject({
      kind: 'not-found',
      service: 'Catalog',
      status: 404,
      code: 'CAT-1404-404',
      operation: `read dataset (GET /dataSets/${id})`,
    })
    expect(error.message).toBe(`The dataset ${id} was not found.`)
    expect(error.facts.hint).toMatch(
      /^Check dataset-id: there is no dataset 0123456789abcdef01234567 in sandbox "prod"/,
    )
    expect(error.facts.requestId).toBeTruthy()
  })

  it('keeps the hint of a 404 about the sandbox', async () => {
    const error = await actionErrorOf(catalog('staging').getDataset(DEMO.dataset.id))
    expect(error.facts).toMatchObject({ status: 404, code: 'FLOW-2100-404' })
    expect(error.facts.hint).toMatch(/sandbox-name/)
  })

  it('names the dataset when a 404 carries no message', async () => {
    emulator.injectFault(status(datasetGet, 404, { body: '{}' }))
    const error = await actionErrorOf(catalog().getDataset(DEMO.dataset.id))
    expect(error.message).toBe(`the dataset ${DEMO.dataset.id} was not found`)
    expect(error.facts.hint).toMatch(/^Check dataset-id/)
  })

  it('refuses an id that is not a Catalog id before sending anything', async () => {
    for (const id of ['', 'x', '0123456789abcdef0123456', '0123456789abcdef012345678', 'a,b', `${DEMO.dataset.id},x`]) {
      const error = await actionErrorOf(catalog().getDataset(id))
      expect(error.facts.kind).toBe('input')
      expect(error.facts.hint).toMatch(/dataset-id/)
    }
    expect(catalogRequests()).toEqual([])
    expect(requireDatasetId(DEMO.dataset.id)).toBe(DEMO.dataset.id)
    expect(DATASET_ID.test(DEMO.dataset.id)).toBe(true)
  })

  const entry = { name: 'n', schemaRef: { id: DEMO.dataset.schemaId, contentType: XDM_FULL_CONTENT_TYPE } }
  const unexpected: Array<[string, unknown, RegExp]> = [
    ['another dataset', { '0123456789abcdef01234567': entry }, /it is about 0123456789abcdef01234567, not /],
    ['no dataset', {}, /it is about no dataset, not /],
    [
      'two datasets',
      { [DEMO.dataset.id]: entry, '0123456789abcdef01234567': entry },
      new RegExp(`it is about ${DEMO.dataset.id}, 0123456789abcdef01234567, not `),
    ],
    ['a key that is no id', { '../x\n::warning::': entry }, /it is about a key that is no dataset id, not /],
    ['a list', [entry], /expected record/],
    ['no name', { [DEMO.dataset.id]: { schemaRef: entry.schemaRef } }, new RegExp(`at ${DEMO.dataset.id}\\.name, `)],
    [
      'no content type',
      { [DEMO.dataset.id]: { name: 'n', schemaRef: { id: 'x' } } },
      /at .*\.schemaRef\.contentType, /,
    ],
  ]
  for (const [what, answer, message] of unexpected) {
    it(`refuses an answer with ${what}`, async () => {
      emulator.injectFault(body(datasetGet, JSON.stringify(answer)))
      const error = await actionErrorOf(catalog().getDataset(DEMO.dataset.id))
      expect(error.message).toMatch(/^the answer does not have the expected shape: /)
      expect(error.message).toMatch(message)
      expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Catalog' })
    })
  }

  for (const schemaRef of [undefined, {}, { id: '' }, { contentType: XDM_FULL_CONTENT_TYPE }]) {
    it(`says a dataset needs an XDM schema when its schemaRef is ${JSON.stringify(schemaRef)}`, async () => {
      emulator.injectFault(body(datasetGet, JSON.stringify({ [DEMO.dataset.id]: { name: 'n', schemaRef } })))
      const error = await actionErrorOf(catalog().getDataset(DEMO.dataset.id))
      expect(error.message).toBe(
        `the answer does not have the expected shape: the dataset ${DEMO.dataset.id} has no schemaRef.id`,
      )
      expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Catalog' })
      expect(error.facts.hint).toMatch(/has no XDM schema: choose a dataset created from an XDM schema/)
    })
  }

  it('takes an id in upper case, and answers with the id as Catalog spells it', async () => {
    const dataset = await catalog().getDataset(DEMO.dataset.id.toUpperCase())
    expect(dataset.id).toBe(DEMO.dataset.id)
    expect(requireDatasetId('0123456789ABCDEF01234567')).toBe('0123456789ABCDEF01234567')
  })

  it('reads again after a transient failure', async () => {
    emulator.injectFault(status(datasetGet, 503))
    expect((await catalog().getDataset(DEMO.dataset.id)).id).toBe(DEMO.dataset.id)
    expect(catalogRequests()).toHaveLength(2)
  })
})
