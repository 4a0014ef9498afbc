import { beforeEach, describe, expect, it } from 'vitest'
import { FlowServiceClient } from '../../../../src/adobe/flow-service/client.js'
import { FlowResources, type ResourceKind } from '../../../../src/adobe/flow-service/ensure-one.js'
import {
  baseConnectionBody,
  HUBSPOT_BASE_CONNECTIONS,
  HUBSPOT_CONNECTION_SPEC,
} from '../../../../src/hubspot/source.js'
import { DEMO } from '../../../emulator/demo.js'
import type { Emulator } from '../../../emulator/server.js'
import { commitThenReset, create, malformed, patch, reset, status } from '../../../support/faults.js'
import { useEmulator } from '../../../support/use-emulator.js'
import { actionErrorOf, httpStack, type Stack } from '../../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const OTHER_SPEC = '11111111-2222-3333-4444-555555555555'
const params = {
  clientId: DEMO.hubspot.clientId,
  clientSecret: DEMO.hubspot.clientSecret,
  accessToken: 'hs-access',
  refreshToken: DEMO.hubspot.refreshToken,
}
const body = (name: string) => baseConnectionBody(name, undefined, params)

let stack: Stack
let lines: string[]
let resources: FlowResources
beforeEach(() => {
  stack = httpStack()
  lines = []
  const client = new FlowServiceClient(stack.sender, stack.secrets, {
    platformUrl: emulator.urls.platform,
    apiKey: DEMO.adobe.clientId,
    orgId: DEMO.adobe.orgId,
    sandboxName: 'prod',
    tokens: { given: true, current: () => emulator.issueAdobeToken(), renew: async () => undefined },
  })
  resources = new FlowResources(client, (line) => lines.push(line))
})

const posts = () => emulator.requests.filter((request) => request.method === 'POST')

describe('FlowResources.findNamed', () => {
  it('finds only exact names, across pages, and only HubSpot connections', async () => {
    const name = 'a,b "c" & d=e ü'
    for (let i = 0; i < 230; i++) emulator.seedConnection({ name: i % 2 === 0 ? 'noise' : 'a,b' })
    const first = emulator.seedConnection({ name })
    emulator.seedConnection({ name, connectionSpecId: OTHER_SPEC })
    emulator.seedConnection({ name: `${name}x` })
    emulator.seedConnection({ name: name.toUpperCase() })
    emulator.seedConnection({ name: ` ${name}` })
    const second = emulator.seedConnection({ name })
    const found = await resources.findNamed(HUBSPOT_BASE_CONNECTIONS, name)
    expect(found.map((c) => c.id)).toEqual([first.id, second.id])
    // The name is compared here, never put into a query.
    for (const request of emulator.requests) expect(request.rawUrl).not.toMatch(/name/i)
  })

  it('checks that every item belongs to the kind, since a server may ignore a filter', async () => {
    const ours = emulator.seedConnection({ name: 'HubSpot' })
    emulator.seedConnection({ name: 'HubSpot', connectionSpecId: OTHER_SPEC })
    const unfiltered: ResourceKind = { ...HUBSPOT_BASE_CONNECTIONS, filters: [] }
    expect((await resources.findNamed(unfiltered, 'HubSpot')).map((c) => c.id)).toEqual([ours.id])
    const everything: ResourceKind = { ...unfiltered, belongs: () => true }
    expect(await resources.findNamed(everything, 'HubSpot')).toHaveLength(2)
    const nothing: ResourceKind = { ...unfiltered, belongs: () => false }
    expect(await resources.findNamed(nothing, 'HubSpot')).toEqual([])
  })

  it('finds nothing in another sandbox', async () => {
    emulator.seedConnection({ name: 'HubSpot', sandbox: 'dev' })
    expect(await resources.findNamed(HUBSPOT_BASE_CONNECTIONS, 'HubSpot')).toEqual([])
  })
})

describe('FlowResources.createOnce', () => {
  it('creates, and says it did not adopt', async () => {
    const created = await resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set())
    expect(created.adopted).toBe(false)
    const [stored] = emulator.connections()
    expect(created.value).toEqual({ id: stored!.id, etag: stored!.etag })
    expect(stored!.connectionSpec.id).toBe(HUBSPOT_CONNECTION_SPEC.id)
    expect(posts()).toHaveLength(1)
  })

  it('adopts the connection a create made before the connection was reset', async () => {
    emulator.injectFault(commitThenReset(create))
    const created = await resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set())
    expect(created.adopted).toBe(true)
    expect(emulator.connections()).toHaveLength(1)
    expect(created.value.id).toBe(emulator.connections()[0]!.id)
    expect(posts()).toHaveLength(1)
    expect(stack.lines).toEqual([
      'Flow Service did not confirm the create (could not reach ' +
        `${emulator.urls.platform}: connection reset (ECONNRESET)); looking for the connection instead of sending it again.`,
      `The connection was created although the answer was lost; adopting ${created.value.id}.`,
    ])
  })

  it('adopts the connection of a create whose answer broke', async () => {
    emulator.injectFault(malformed(create))
    const created = await resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set())
    expect(created.adopted).toBe(true)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('adopts only a new one: those that existed before are not what the create made', async () => {
    const before = emulator.seedConnection({ name: 'HubSpot' })
    emulator.injectFault(commitThenReset(create))
    const created = await resources.createOnce(
      HUBSPOT_BASE_CONNECTIONS,
      'HubSpot',
      body('HubSpot'),
      new Set([before.id]),
    )
    expect(created.adopted).toBe(true)
    expect(created.value.id).not.toBe(before.id)
    expect(emulator.connections()).toHaveLength(2)
  })

  it('fails as a conflict when two new ones of that name appear', async () => {
    const stranger = emulator.seedConnection({ name: 'HubSpot' })
    emulator.injectFault(commitThenReset(create))
    const error = await actionErrorOf(
      resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set()),
    )
    const ids = emulator.connections().map((c) => c.id)
    expect(ids).toContain(stranger.id)
    expect(error.message).toBe(`2 new connections named "HubSpot" appeared while the step ran: ${ids.join(', ')}`)
    expect(error.facts.kind).toBe('conflict')
    expect(error.facts.hint).toMatch(/concurrency/)
    expect(posts()).toHaveLength(1)
  })

  it('sends the create again after a 500 when the lookup finds nothing', async () => {
    emulator.injectFault(status(create, 500))
    const created = await resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set())
    expect(created.adopted).toBe(false)
    expect(emulator.connections()).toHaveLength(1)
    expect(posts()).toHaveLength(2)
    expect(stack.lines).toContain('No connection was created; sending the create again.')
  })

  it('adopts what a 500 made, without sending the create again', async () => {
    emulator.injectFault({ ...create, kind: 'fail-then-commit', status: 500, afterRequests: 0 })
    const created = await resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set())
    expect(created.adopted).toBe(true)
    expect(emulator.connections()).toHaveLength(1)
    expect(posts()).toHaveLength(1)
  })

  it('looks for 30 s for a create that got no answer, then fails saying a re-run settles it', async () => {
    emulator.injectFault(reset(create))
    const error = await actionErrorOf(
      resources.createOnce(HUBSPOT_BASE_CONNECTIONS, 'HubSpot', body('HubSpot'), new Set()),
    )
    expect(error.message).toMatch(
      /^Flow Service did not confirm the create \(could not reach .*connection reset \(ECONNRESET\)\), and no new connection named "HubSpot" appeared in \d+ s of looking$/,
    )
    expect(error.facts).toMatchObject({
      kind: 'transient',
      service: 'Flow Service',
      operation: 'create connection (POST /connections)',
    })
    expect(error.facts.hint).toMatch(/^The connection may still be created\. Re-run the job: with if-exists: reuse/)
    expect(stack.clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(30_000)
    expect(stack.clock.sleeps.length).toBeGreaterThan(3)
    expect(posts()).toHaveLength(1)
    expect(emulator.connections()).toEqual([])
  })
})

describe('FlowResources.update', () => {
  const operations = [{ op: 'replace' as const, path: '/description', value: 'new' }]

  async function existing(name = 'HubSpot') {
    emulator.seedConnection({ name })
    const [found] = await resources.findNamed(HUBSPOT_BASE_CONNECTIONS, name)
    emulator.clearRequests()
    return found!
  }

  it('patches with the etag it read', async () => {
    const found = await existing()
    const updated = await resources.update(HUBSPOT_BASE_CONNECTIONS, found, operations)
    expect(updated.id).toBe(found.id)
    expect(updated.etag).not.toBe(found.etag)
    expect(emulator.connections()[0]!.description).toBe('new')
    expect(emulator.requests.map((request) => request.method)).toEqual(['PATCH'])
    expect(lines).toEqual([])
  })

  it('reads it again and retries once when the etag went stale', async () => {
    const found = await existing()
    emulator.setConnectionState(found.id, 'enabled')
    const fresh = emulator.connections()[0]!.etag
    const updated = await resources.update(HUBSPOT_BASE_CONNECTIONS, found, operations)
    expect(updated.id).toBe(found.id)
    expect(emulator.connections()[0]!.description).toBe('new')
    const requests = emulator.requests
    expect(requests.map((request) => `${request.method} ${request.status}`)).toEqual([
      'PATCH 412',
      'GET 200',
      'PATCH 200',
    ])
    expect(requests[2]!.headers['if-match']).toBe(fresh)
    expect(lines).toEqual([
      `Connection ${found.id} changed since it was read (stale etag); reading it again and retrying once.`,
    ])
  })

  it('fails with the second 412', async () => {
    const found = await existing()
    emulator.injectFault(status(patch, 412, { times: 2 }))
    const error = await actionErrorOf(resources.update(HUBSPOT_BASE_CONNECTIONS, found, operations))
    expect(error.facts).toMatchObject({ status: 412, kind: 'conflict' })
    expect(emulator.requests.map((request) => request.method)).toEqual(['PATCH', 'GET', 'PATCH'])
  })

  it('fails at once with any other failure', async () => {
    const found = await existing()
    emulator.injectFault(status(patch, 404))
    const error = await actionErrorOf(resources.update(HUBSPOT_BASE_CONNECTIONS, found, operations))
    expect(error.facts.status).toBe(404)
    expect(emulator.requests.map((request) => request.method)).toEqual(['PATCH'])
    expect(lines).toEqual([])
  })

  it('lets an error that is not an ActionError through', async () => {
    const broken = new FlowResources(
      {
        patch: () => Promise.reject(new TypeError('a bug')),
      } as unknown as FlowServiceClient,
      () => undefined,
    )
    await expect(
      broken.update(HUBSPOT_BASE_CONNECTIONS, { id: 'x', name: 'n', etag: '"1"' }, operations),
    ).rejects.toThrow('a bug')
  })
})
