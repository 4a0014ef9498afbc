import { beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { FLOW_SERVICE_PATH, FlowServiceClient, COLLECTIONS } from '../../../../src/adobe/flow-service/client.js'
import type { TokenSource } from '../../../../src/adobe/platform.js'
import { ActionError } from '../../../../src/core/errors.js'
import type { SecretRegistry } from '../../../../src/core/secrets.js'
import type { Sender } from '../../../../src/core/sender.js'
import { baseConnectionBody, HUBSPOT_CONNECTION_SPEC } from '../../../../src/hubspot/source.js'
import { DEMO } from '../../../emulator/demo.js'
import type { Emulator } from '../../../emulator/server.js'
import { CONNECTIONS_PATH, status } from '../../../support/faults.js'
import { useEmulator } from '../../../support/use-emulator.js'
import {
  actionErrorOf,
  answer,
  httpStack,
  rejectionOf,
  scriptedStack,
  ScriptedTransport,
  type Stack,
} from '../../helpers/stack.js'

/** A UUID of Flow Service's shape, numbered. */
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

let emulator: Emulator
useEmulator((e) => (emulator = e))

let stack: Stack
beforeEach(() => {
  stack = httpStack()
})

function fixedToken(token: string): TokenSource {
  return { given: true, current: () => token, renew: async () => undefined }
}

function client(
  options: {
    sandbox?: string
    tokens?: TokenSource
    secrets?: SecretRegistry
    sender?: Sender
    platformUrl?: string
  } = {},
) {
  return new FlowServiceClient(options.sender ?? stack.sender, options.secrets ?? stack.secrets, {
    platformUrl: options.platformUrl ?? emulator.urls.platform,
    apiKey: DEMO.adobe.clientId,
    orgId: DEMO.adobe.orgId,
    sandboxName: options.sandbox ?? 'prod',
    tokens: options.tokens ?? fixedToken(emulator.issueAdobeToken()),
  })
}

/** A client over a scripted transport, for answers the emulator does not give. */
function scripted(...answers: ReturnType<typeof answer>[]) {
  const transport = new ScriptedTransport(answers)
  const { sender, secrets } = scriptedStack(transport)
  return {
    transport,
    client: client({ sender, secrets, platformUrl: 'http://127.0.0.1:9', tokens: fixedToken('t') }),
  }
}

const params = {
  clientId: DEMO.hubspot.clientId,
  clientSecret: DEMO.hubspot.clientSecret,
  accessToken: 'hs-access',
  refreshToken: DEMO.hubspot.refreshToken,
}
const SPEC_FILTER = `connectionSpec.id==${HUBSPOT_CONNECTION_SPEC.id}`
const lookup = {
  noun: 'connection',
  name: 'HubSpot',
  unconfirmedHint: 'Re-run.',
  windowMs: 0,
  find: async () => undefined,
}

describe('FlowServiceClient', () => {
  it('names the collections as messages call their items', () => {
    expect(COLLECTIONS).toEqual({
      connections: 'connection',
      sourceConnections: 'source connection',
      targetConnections: 'target connection',
      flows: 'flow',
      runs: 'run',
    })
    expect(FLOW_SERVICE_PATH).toBe('/data/foundation/flowservice')
  })

  it('creates a connection and reads it back from the items wrapper', async () => {
    const created = await client().create('connections', baseConnectionBody('HubSpot', 'd', params), lookup)
    expect(created.adopted).toBe(false)
    expect(created.value.etag).toMatch(/^".*"$/)
    const read = await client().get('connections', created.value.id)
    expect(read).toMatchObject({
      id: created.value.id,
      name: 'HubSpot',
      etag: created.value.etag,
      state: 'enabled',
      connectionSpec: { id: HUBSPOT_CONNECTION_SPEC.id },
    })
    const post = emulator.requests.find((request) => request.method === 'POST')!
    expect(post.path).toBe(CONNECTIONS_PATH)
    expect(post.headers).toMatchObject({
      'x-api-key': DEMO.adobe.clientId,
      'x-gw-ims-org-id': DEMO.adobe.orgId,
      'x-sandbox-name': 'prod',
      'content-type': 'application/json',
    })
    expect(JSON.parse(post.body)).toEqual({
      name: 'HubSpot',
      description: 'd',
      auth: { specName: 'Basic Authentication', params },
      connectionSpec: HUBSPOT_CONNECTION_SPEC,
    })
  })

  it('lists every item of a collection that matches the filters, across pages, 100 a page', async () => {
    const other = '11111111-2222-3333-4444-555555555555'
    for (let i = 0; i < 230; i++) emulator.seedConnection({ name: `c${i}` })
    emulator.seedConnection({ name: 'other spec', connectionSpecId: other })
    const found = await client().list('connections', [SPEC_FILTER])
    expect(found).toHaveLength(230)
    expect(found.map((item) => item.name)).toEqual(Array.from({ length: 230 }, (_, i) => `c${i}`))
    const pages = emulator.requests.filter((request) => request.path === CONNECTIONS_PATH)
    expect(pages).toHaveLength(3)
    expect(pages[0]!.query).toEqual([
      ['property', SPEC_FILTER],
      ['limit', '100'],
    ])
    expect(pages[1]!.query.map(([key]) => key)).toEqual(['continuationToken'])
    expect(await client().list('connections', [])).toHaveLength(231)
  })

  it('lists the other collections', async () => {
    expect(await client().list('flows', [])).toEqual([])
    expect(await client().list('sourceConnections', ['baseConnectionId==x'])).toEqual([])
    expect(emulator.requests.map((request) => request.path)).toEqual([
      `${FLOW_SERVICE_PATH}/flows`,
      `${FLOW_SERVICE_PATH}/sourceConnections`,
    ])
  })

  it('gives every item a name and an etag (or version), keeping its other fields', async () => {
    const { client: c } = scripted(
      answer(200, {
        items: [
          { id: ID(1), name: 'A', etag: '"1"', extra: { kept: true } },
          { id: ID(2), version: '"v2"' },
        ],
      }),
    )
    expect(await c.list('connections', [])).toEqual([
      { id: ID(1), name: 'A', etag: '"1"', extra: { kept: true } },
      { id: ID(2), name: '', etag: '"v2"' },
    ])
  })

  // Server text is data: an id or an etag of another shape could carry a newline into the log
  // (a workflow command) or into an output.
  for (const [what, item] of [
    ['an id that is not a UUID', { id: 'a\n::notice::x' }],
    ['an empty id', { id: '' }],
    ['no id', { name: 'no id' }],
    ['an etag that is not quoted', { id: ID(3), etag: 'bare' }],
    ['not an object', 'not an object'],
  ] as Array<[string, unknown]>) {
    it(`refuses a page holding an item with ${what}`, async () => {
      const { client: c } = scripted(answer(200, { items: [{ id: ID(1) }, item] }))
      const error = await actionErrorOf(c.list('connections', []))
      expect(error.message).toMatch(/^the answer does not have the expected shape: at items\.1/)
      expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Flow Service' })
    })
  }

  it('refuses a read-back about another item than the one asked for', async () => {
    const { client: c } = scripted(answer(200, { items: [{ id: ID(2), etag: '"x"' }] }))
    const error = await actionErrorOf(c.get('connections', ID(1)))
    expect(error.message).toBe(
      `the answer does not have the expected shape: it answered about connection ${ID(2)}, not ${ID(1)}`,
    )
  })

  it('refuses a next-page link that is not a URL, naming the call', async () => {
    const { client: c } = scripted(answer(200, { items: [], _links: { next: { href: 'http://[::1' } } }))
    const error = await actionErrorOf(c.list('connections', []))
    expect(error.message).toBe("the answer does not have the expected shape: the next page's link is not a URL")
    expect(error.facts.operation).toBe('list connections (GET /connections, page 1)')
  })

  it('follows a next link relative to the base path, to the origin, or absolute on the same origin', async () => {
    const { client: c, transport } = scripted(
      answer(200, { items: [{ id: ID(1) }], _links: { next: { href: '/connections?continuationToken=a' } } }),
      answer(200, {
        items: [{ id: ID(2) }],
        _links: { next: { href: `${FLOW_SERVICE_PATH}/connections?continuationToken=b` } },
      }),
      answer(200, {
        items: [{ id: ID(3) }],
        _links: { next: { href: `http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections?continuationToken=c` } },
      }),
      answer(200, { items: [{ id: ID(4) }], _links: { next: { href: 'connections?continuationToken=d' } } }),
      answer(200, { items: [{ id: ID(5) }], _links: { next: {} } }),
    )
    expect((await c.list('connections', ['a==b c'])).map((item) => item.id)).toEqual([1, 2, 3, 4, 5].map(ID))
    expect(transport.sent.map((request) => request.url)).toEqual([
      `http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections?property=a%3D%3Db%20c&limit=100`,
      `http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections?continuationToken=a`,
      `http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections?continuationToken=b`,
      `http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections?continuationToken=c`,
      `http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections?continuationToken=d`,
    ])
    expect(transport.sent.map((request) => request.operation)).toEqual(
      [1, 2, 3, 4, 5].map((page) => `list connections (GET /connections, page ${page})`),
    )
  })

  it("keeps platform-url's own path (a gateway's) in every next link, whether or not the link has it", async () => {
    const gateway = 'http://127.0.0.1:9/gateway/adobe'
    const transport = new ScriptedTransport([
      answer(200, {
        items: [{ id: ID(1) }],
        _links: { next: { href: `${FLOW_SERVICE_PATH}/connections?continuationToken=a` } },
      }),
      answer(200, {
        items: [{ id: ID(2) }],
        _links: { next: { href: `/gateway/adobe${FLOW_SERVICE_PATH}/connections?continuationToken=b` } },
      }),
      answer(200, { items: [{ id: ID(3) }], _links: { next: { href: '/connections?continuationToken=c' } } }),
      answer(200, { items: [{ id: ID(4) }], _links: { next: { href: 'connections?continuationToken=d' } } }),
      answer(200, {
        items: [{ id: ID(5) }],
        _links: { next: { href: `${gateway}${FLOW_SERVICE_PATH}/connections?continuationToken=e` } },
      }),
      answer(200, { items: [{ id: ID(6) }] }),
    ])
    const { sender, secrets } = scriptedStack(transport)
    const c = client({ sender, secrets, platformUrl: gateway, tokens: fixedToken('t') })
    expect((await c.list('connections', [])).map((item) => item.id)).toEqual([1, 2, 3, 4, 5, 6].map(ID))
    expect(transport.sent.slice(1).map((request) => request.url)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((page) => `${gateway}${FLOW_SERVICE_PATH}/connections?continuationToken=${page}`),
    )
  })

  it('refuses a next page on another origin', async () => {
    emulator.injectFault(
      status({ service: 'platform', method: 'GET' }, 200, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          items: [],
          _links: { next: { href: 'https://evil.example/connections?continuationToken=x' } },
        }),
      }),
    )
    const error = await actionErrorOf(client().list('connections', [SPEC_FILTER]))
    expect(error.message).toBe(
      'the answer does not have the expected shape: the next page is on another origin (https://evil.example); it is not followed',
    )
    expect(error.facts).toMatchObject({ kind: 'unexpected', operation: 'list connections (GET /connections, page 1)' })
    for (const href of ['//evil.example/connections', 'http://127.0.0.1:10/connections']) {
      const { client: c } = scripted(answer(200, { items: [], _links: { next: { href } } }))
      await expect(c.list('connections', [])).rejects.toThrow(/another origin/)
    }
  })

  it('ends a next chain that loops', async () => {
    const page = { items: [], _links: { next: { href: '/connections?continuationToken=same' } } }
    const { client: c, transport } = scripted(answer(200, page), answer(200, page), answer(200, page))
    const error = await actionErrorOf(c.list('connections', []))
    expect(error.message).toBe('the list of connections did not end after 2 pages')
    expect(error.facts).toMatchObject({
      kind: 'unexpected',
      service: 'Flow Service',
      operation: 'list connections (GET /connections)',
    })
    expect(transport.sent).toHaveLength(2)
  })

  it('ends a next chain after 100 pages', async () => {
    const pages = Array.from({ length: 101 }, (_, i) =>
      answer(200, { items: [], _links: { next: { href: `/flows?continuationToken=${i}` } } }),
    )
    const { client: c, transport } = scripted(...pages)
    await expect(c.list('flows', [])).rejects.toThrow('the list of flows did not end after 100 pages')
    expect(transport.sent).toHaveLength(100)
  })

  it('patches with If-Match and gets a new etag', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    const result = await client().patch('connections', existing.id, existing.etag, [
      { op: 'replace', path: '/auth/params', value: params },
    ])
    expect(result.id).toBe(existing.id)
    expect(result.etag).not.toBe(existing.etag)
    expect(emulator.connections()[0]!.auth.params['accessToken']).toBe('hs-access')
    const patch = emulator.requests.find((request) => request.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe(existing.etag)
    expect(patch.path).toBe(`${CONNECTIONS_PATH}/${existing.id}`)
  })

  it('retries a PATCH that failed transiently: If-Match makes it idempotent', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    emulator.injectFault(status({ service: 'platform', method: 'PATCH' }, 503))
    const result = await client().patch('connections', existing.id, existing.etag, [
      { op: 'replace', path: '/description', value: 'x' },
    ])
    expect(result.id).toBe(existing.id)
    expect(emulator.requests.filter((request) => request.method === 'PATCH')).toHaveLength(2)
  })

  it('reports a stale etag as a conflict with the FLOW code', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    const error = await actionErrorOf(
      client().patch('connections', existing.id, '"stale"', [{ op: 'replace', path: '/description', value: 'x' }]),
    )
    expect(error.facts).toMatchObject({
      kind: 'conflict',
      status: 412,
      code: 'FLOW-1404-412',
      operation: `update connection (PATCH /connections/${existing.id})`,
    })
  })

  it('explores the root objects', async () => {
    const created = await client().create(
      'connections',
      baseConnectionBody('HubSpot', undefined, { ...params, accessToken: emulator.issueHubSpotAccessToken() }),
      lookup,
    )
    const objects = await client().explore(
      created.value.id,
      { objectType: 'root' },
      z.array(z.object({ path: z.string() })),
    )
    expect(objects.length).toBeGreaterThan(0)
    const explore = emulator.requests.at(-1)!
    expect(explore.path).toBe(`${CONNECTIONS_PATH}/${created.value.id}/explore`)
    expect(explore.query).toEqual([['objectType', 'root']])
  })

  it('reports a missing connection with the request id', async () => {
    const error = await actionErrorOf(client().get('connections', '00000000-0000-0000-0000-000000000000'))
    expect(error.facts).toMatchObject({
      kind: 'not-found',
      status: 404,
      code: 'FLOW-1101-404',
      operation: 'read connection (GET /connections/00000000-0000-0000-0000-000000000000)',
    })
    expect(error.facts.requestId).toBeTruthy()
  })

  it('refuses a read whose items are empty', async () => {
    const { client: c } = scripted(answer(200, { items: [] }))
    await expect(c.get('flows', 'f1')).rejects.toThrow(
      'the answer does not have the expected shape: at items, no item in "items"',
    )
  })

  it('encodes ids in URLs', async () => {
    const { client: c, transport } = scripted(answer(404, {}))
    await rejectionOf(c.get('connections', 'a/b'))
    expect(transport.sent[0]!.url).toBe(`http://127.0.0.1:9${FLOW_SERVICE_PATH}/connections/a%2Fb`)
  })

  it('renews a rejected token once and sends the call again', async () => {
    let renewed = 0
    let token = 'expired-token'
    const tokens: TokenSource = {
      given: true,
      current: () => token,
      renew: async () => {
        renewed++
        token = emulator.issueAdobeToken()
        return token
      },
    }
    const created = await client({ tokens }).create(
      'connections',
      baseConnectionBody('HubSpot', undefined, params),
      lookup,
    )
    expect(renewed).toBe(1)
    expect(created.value.id).toBeTruthy()
    expect(emulator.connections()).toHaveLength(1)
  })

  it('says a rejected given token should be replaced by the client secret', async () => {
    const error = await actionErrorOf(client({ tokens: fixedToken('expired-token') }).list('connections', []))
    expect(error.facts).toMatchObject({ status: 401, kind: 'auth' })
    expect(error.facts.hint).toMatch(/adobe-access-token was rejected/)
  })

  it('scrubs secrets that a server echoes in an error', async () => {
    stack.secrets.register(DEMO.hubspot.clientSecret)
    emulator.injectFault(
      status({ service: 'platform', method: 'POST' }, 400, {
        body: JSON.stringify({
          type: 'https://ns.adobe.com/aep/errors/FLOW-1455-400',
          title: 'Invalid request',
          report: { 'detailed-message': `bad value ${DEMO.hubspot.clientSecret}` },
        }),
      }),
    )
    const error = await actionErrorOf(
      client().create('connections', baseConnectionBody('HubSpot', undefined, params), lookup),
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe('bad value ***')
  })
})
