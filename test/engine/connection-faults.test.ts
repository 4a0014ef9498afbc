import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator } from '../emulator/server.js'
import {
  anyPlatform,
  commitThenReset,
  create,
  delay,
  hubspotToken,
  ims,
  lookup,
  malformed,
  patch,
  redirect,
  reset,
  stall,
  status,
} from '../support/faults.js'
import { FakeClock } from '../support/fake-clock.js'
import { useEmulator } from '../support/use-emulator.js'
import { CONNECTIONS_PATH, baseInputs, platformRequests, run, summaryOf, writes } from './fixtures.js'

const TOKEN_NOT_VALID = '{"error_code":"401013","message":"Oauth token is not valid"}'

let emulator: Emulator
useEmulator((started) => (emulator = started))

/**
 * Runs the step with a deadline (30 s unless the inputs set one) and checks that it ended within
 * it: whatever the fault, the step never outlives timeout-seconds.
 */
async function runWithin(inputs: Record<string, string>) {
  const seconds = Number(inputs['timeout-seconds'] ?? '30')
  const result = await run(emulator, { ...inputs, 'timeout-seconds': String(seconds) })
  // The deadline starts once the step has read its inputs; allow two seconds for Node's start and exit.
  expect(result.durationMs).toBeLessThan(seconds * 1000 + 2000)
  return result
}

const posts = () => writes(emulator).filter((request) => request.method === 'POST')

describe('retries', () => {
  it('retries a 503 on a read, honouring Retry-After: 0, with a log line per retry', async () => {
    emulator.injectFault(status(lookup, 503, { headers: { 'retry-after': '0' }, times: 2 }))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(
      /Flow Service: list connections \(GET \/connections, page 1\): attempt 1 of 5 failed \(HTTP 503\); retrying in 0\.0 s\./,
    )
    expect(result.log).toMatch(/attempt 2 of 5 failed/)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('waits what Retry-After asks in seconds, and at most 10 % longer', async () => {
    emulator.injectFault(status(ims, 429, { headers: { 'retry-after': '2' } }))
    // The step's waits go through its clock: a fake one records them and takes no time.
    const clock = new FakeClock(() => 0.99)
    const result = await run(emulator, baseInputs(emulator), { clock })
    expect(result.exitCode, result.log).toBe(0)
    const wait = Number(
      result.log.match(/Adobe IMS: .*attempt 1 of 5 failed \(HTTP 429\); retrying in ([\d.]+) s/)?.[1],
    )
    expect(wait).toBeGreaterThanOrEqual(2)
    expect(wait).toBeLessThanOrEqual(2.2)
    expect(clock.sleeps).toEqual([Math.ceil(2000 * 1.099)])
    expect(emulator.connections()).toHaveLength(1)
  })

  it('reads Retry-After as an HTTP date too', async () => {
    const clock = new FakeClock(() => 0)
    // An HTTP date has whole seconds: 4 s from now is more than 3 s and at most 4 s away (the log
    // shows it to a tenth, so 3.0 at the least).
    const date = new Date(clock.now() + 4000).toUTCString()
    emulator.injectFault(status(hubspotToken, 503, { headers: { 'retry-after': date } }))
    const result = await run(emulator, baseInputs(emulator), { clock })
    expect(result.exitCode, result.log).toBe(0)
    const wait = Number(
      result.log.match(/HubSpot OAuth: .*attempt 1 of 5 failed \(HTTP 503\); retrying in ([\d.]+) s/)?.[1],
    )
    expect(wait).toBeGreaterThanOrEqual(3)
    expect(wait).toBeLessThanOrEqual(4)
    expect(clock.sleeps).toHaveLength(1)
    expect(clock.sleeps[0]).toBeGreaterThan(3000)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(4000)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('retries a connection reset', async () => {
    emulator.injectFault(reset(hubspotToken))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(
      /HubSpot OAuth: refresh access token .*attempt 1 of 5 failed \(could not reach .*connection reset/,
    )
    expect(emulator.connections()).toHaveLength(1)
  })

  it('retries a stalled read within the deadline', async () => {
    emulator.injectFault(stall(lookup))
    const result = await runWithin(baseInputs(emulator, { 'timeout-seconds': '10' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/list connections .*attempt 1 of 5 failed \(no answer within [45] s\)/)
    expect(result.durationMs).toBeLessThan(10_000)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('retries a read that answers too slowly, and takes a slow answer within the attempt timeout', async () => {
    emulator.injectFault(delay(lookup, 6_000))
    emulator.injectFault(delay(hubspotToken, 500))
    const result = await runWithin(baseInputs(emulator, { 'timeout-seconds': '10' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).not.toMatch(/HubSpot OAuth: .*attempt 1/)
    expect(result.log).toMatch(/list connections .*attempt 1 of 5 failed \(no answer within [45] s\)/)
    expect(result.durationMs).toBeLessThan(10_000)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('does not retry a 4xx', async () => {
    emulator.injectFault(status(lookup, 400))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).not.toMatch(/retrying/)
    expect(platformRequests(emulator)).toHaveLength(1)
    expect(emulator.connections()).toEqual([])
  })

  it('fails with what it was waiting for when a server stalls past the deadline', async () => {
    emulator.injectFault(stall(anyPlatform, { times: 10 }))
    const result = await runWithin(baseInputs(emulator, { 'timeout-seconds': '4' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /ran out of time \(timeout-seconds: 4\) while waiting for Flow Service to answer "list connections/,
    )
    expect(result.durationMs).toBeGreaterThanOrEqual(3_500)
    expect(result.durationMs).toBeLessThan(8_000)
    expect(emulator.connections()).toEqual([])
  })

  it('starts no wait that would end past the deadline', async () => {
    emulator.injectFault(status(ims, 503, { headers: { 'retry-after': '60' } }))
    const result = await runWithin(baseInputs(emulator, { 'timeout-seconds': '5' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /attempt 1 failed \(HTTP 503\); not retrying, since waiting 6\d\.\d s would pass timeout-seconds/,
    )
    expect(result.log).toMatch(/Adobe IMS: mint access token .* failed \(HTTP 503/)
    // It gave up at once instead of waiting into the 5 s deadline.
    expect(result.durationMs).toBeLessThan(5_000)
    expect(emulator.connections()).toEqual([])
  })

  it('mints a new IMS token once when Flow Service rejects the minted one', async () => {
    emulator.injectFault(status(anyPlatform, 401, { body: TOKEN_NOT_VALID }))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/rejected the minted IMS access token; minting a new one/)
    expect(emulator.requests.filter((request) => request.service === 'ims')).toHaveLength(2)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('fails after a second rejection of a minted token, with a hint about the credential', async () => {
    emulator.injectFault(status(anyPlatform, 401, { body: TOKEN_NOT_VALID, times: 2 }))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/A freshly minted IMS access token was rejected/)
    expect(emulator.requests.filter((request) => request.service === 'ims')).toHaveLength(2)
    expect(emulator.connections()).toEqual([])
  })
})

describe('exactly one connection', () => {
  it('adopts the connection when the create succeeded but the answer was lost', async () => {
    emulator.injectFault(commitThenReset(create))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    const [only, ...more] = emulator.connections()
    expect(more).toEqual([])
    expect(posts()).toHaveLength(1)
    expect(result.outputs).toMatchObject({ 'connection-id': only!.id, etag: only!.etag, result: 'created' })
    expect(result.log).toMatch(/the answer was lost; adopting/)
  })

  it('adopts the connection when the create succeeded but its answer was broken', async () => {
    emulator.injectFault(malformed(create))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/Flow Service did not confirm the create \(HTTP 20\d\); looking for the connection/)
    expect(result.log).toMatch(/the answer was lost; adopting/)
    expect(emulator.connections()).toHaveLength(1)
    expect(posts()).toHaveLength(1)
  })

  it('adopts a create that lands after the step stopped waiting for it, and never sends it twice', async () => {
    // The first attempt gets 6 s (half of 12); Flow Service carries the create out at 8 s.
    emulator.injectFault(delay(create, 8_000))
    const result = await runWithin(baseInputs(emulator, { 'timeout-seconds': '12' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/did not confirm the create \(no answer within [56] s\)/)
    expect(result.log).toMatch(/No new connection named "HubSpot" yet; looking again/)
    expect(emulator.connections()).toHaveLength(1)
    expect(posts()).toHaveLength(1)
    expect(result.outputs['connection-id']).toBe(emulator.connections()[0]!.id)
  })

  it('looks, more than once, before creating again after a 5xx that created nothing', async () => {
    emulator.injectFault(status(create, 502, { times: 2 }))
    const result = await run(emulator, baseInputs(emulator), { clock: new FakeClock() })
    expect(result.exitCode, result.log).toBe(0)
    expect(emulator.connections()).toHaveLength(1)
    const calls = summaryOf(emulator)
      .filter((line) => line.startsWith('platform'))
      .map((line) => (line === `platform GET ${CONNECTIONS_PATH}` ? 'look' : line.split(' ')[1]))
    // The first lookup, then each create, then looks over the settle window before the next create.
    const creates = calls.flatMap((call, index) => (call === 'POST' ? [index] : []))
    expect(creates).toHaveLength(3)
    for (const [before, after] of [creates.slice(0, 2), creates.slice(1, 3)] as Array<[number, number]>) {
      expect(calls.slice(before + 1, after).every((call) => call === 'look')).toBe(true)
      expect(after - before - 1).toBeGreaterThan(1)
    }
    expect(result.log).toMatch(/No connection was created; sending the create again/)
  })

  it('resends at once a create that was refused for rate (429), since nothing was created', async () => {
    emulator.injectFault(status(create, 429, { headers: { 'retry-after': '0' } }))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    expect(emulator.connections()).toHaveLength(1)
    expect(
      platformRequests(emulator).filter((request) => request.method === 'GET' && request.path === CONNECTIONS_PATH),
    ).toHaveLength(1)
  })

  it('never sends a create twice after one that got no answer: looks, then says a re-run will settle it', async () => {
    emulator.injectFault(stall(create))
    const result = await runWithin(baseInputs(emulator, { 'timeout-seconds': '12' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Flow Service: create connection \(POST \/connections\) failed: Flow Service did not confirm the create \(no answer within [56] s\), and no new connection named "HubSpot" appeared in \d+ s of looking/,
    )
    expect(result.log).toMatch(/Re-run the job: with if-exists: reuse the re-run adopts it/)
    expect(posts()).toHaveLength(1)
    expect(emulator.connections()).toEqual([])
  })

  it('honours Retry-After before sending a refused create again', async () => {
    emulator.injectFault(status(create, 503, { headers: { 'retry-after': '2' } }))
    const clock = new FakeClock()
    const result = await run(emulator, baseInputs(emulator), { clock })
    expect(result.exitCode, result.log).toBe(0)
    // The first wait is Retry-After's (2 s, plus 5 % at the fixed jitter of 0.5); the looks follow.
    expect(clock.sleeps[0]).toBe(2100)
    const wait = Number(
      result.log.match(
        /create connection \(POST \/connections\): attempt 1 of 5 failed \(HTTP 503\); retrying in ([\d.]+) s/,
      )?.[1],
    )
    expect(wait).toBeGreaterThanOrEqual(2)
    expect(wait).toBeLessThanOrEqual(2.2)
    expect(posts()).toHaveLength(2)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('in if-exists create mode, adopts only a connection that was not there before', async () => {
    const before = emulator.seedConnection({ name: 'HubSpot' })
    emulator.injectFault(commitThenReset(create))
    const result = await run(emulator, baseInputs(emulator, { 'if-exists': 'create' }), { clock: new FakeClock() })
    expect(result.exitCode, result.log).toBe(0)
    expect(emulator.connections()).toHaveLength(2)
    expect(result.outputs['connection-id']).not.toBe(before.id)
  })

  it('never follows a redirect on a write, and creates nothing', async () => {
    emulator.injectFault(redirect(create, 'https://elsewhere.example/connections'))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/create connection .* failed \(HTTP 307.*unexpected redirect/)
    expect(emulator.connections()).toEqual([])
  })

  it('re-reads and retries once when the PATCH etag is stale', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    emulator.injectFault(status(patch, 412))
    const result = await runWithin(baseInputs(emulator, { 'if-exists': 'update' }))
    expect(result.exitCode, result.log).toBe(0)
    const patches = writes(emulator)
    expect(patches).toHaveLength(2)
    expect(patches.every((patch) => patch.headers['if-match'] === existing.etag)).toBe(true)
    expect(result.log).toMatch(/changed since it was read \(stale etag\); reading it again and retrying once/)
    expect(emulator.connections()).toHaveLength(1)
  })

  it('recovers when a PATCH was applied but the answer was lost', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    emulator.injectFault(commitThenReset(patch))
    const result = await runWithin(baseInputs(emulator, { 'if-exists': 'update' }))
    expect(result.exitCode, result.log).toBe(0)
    const [stored] = emulator.connections()
    expect(result.outputs['etag']).toBe(stored!.etag)
    expect(stored!.etag).not.toBe(existing.etag)
    expect(emulator.connections()).toHaveLength(1)
  })
})

describe('server text', () => {
  it('scrubs secrets that an error body echoes, in every form, before showing it', async () => {
    const echoed = `clientSecret ${JSON.stringify(DEMO.hubspot.clientSecret)} refresh ${encodeURIComponent(DEMO.hubspot.refreshToken)} raw ${DEMO.hubspot.clientSecret}`
    emulator.injectFault(
      status(create, 400, {
        body: JSON.stringify({
          type: 'https://ns.adobe.com/aep/errors/FLOW-1455-400',
          title: 'Invalid request',
          status: 400,
          report: { 'detailed-message': echoed },
        }),
      }),
    )
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /::error::Flow Service: create connection .*FLOW-1455-400.*clientSecret "\*\*\*" refresh \*\*\* raw \*\*\*/,
    )
    expect(result.summary).toContain('clientSecret &quot;***&quot; refresh *** raw ***')
    expect(emulator.connections()).toEqual([])
  })

  it('fails clearly on a broken answer to a read', async () => {
    emulator.injectFault(malformed(lookup))
    const result = await runWithin(baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /list connections .* failed \(HTTP 200, request id [\w-]+\): the answer is not valid JSON/,
    )
    expect(emulator.connections()).toEqual([])
  })
})
