import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator } from '../emulator/server.js'
import { FakeClock } from '../support/fake-clock.js'
import {
  body,
  create,
  failThenCommit,
  hubspotToken,
  ims,
  lookup,
  oversized,
  readBack,
  status,
} from '../support/faults.js'
import { findLeaks } from '../support/leak-scanner.js'
import { visibleLog } from '../support/runner-log.js'
import { useEmulator } from '../support/use-emulator.js'
import { baseInputs, platformRequests, run, writes } from './fixtures.js'

// What a hostile server (or anyone in the middle of a proxy) may answer, and what the step does
// with it: nothing a server says becomes a workflow command, a leak, a wrong answer or a
// misleading error.

let emulator: Emulator
useEmulator((started) => (emulator = started))

const INJECTED = 'x\n::notice title=pwned::injected\n::add-mask::Created'
const OTHER_ID = '0b7b2b52-5c6e-4c1b-9d7a-2f4d9c1e8a77'

/** Lines of the log that a server chose: any line that starts a workflow command we never issue. */
function injectedCommands(log: string): string[] {
  return log.split('\n').filter((line) => /^::(notice|warning|add-mask::Created|stop-commands|set-output)/.test(line))
}

describe('server text is data, never a command', () => {
  it('a create answered with an id that is not a UUID is treated as broken: found and adopted', async () => {
    emulator.injectFault(body(create, JSON.stringify({ id: INJECTED, etag: '"1"' })))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode, result.log).toBe(0)
    const [stored, ...others] = emulator.connections()
    expect(others).toEqual([])
    expect(result.outputs['connection-id']).toBe(stored!.id)
    expect(result.log).toMatch(/did not confirm the create \(HTTP 201\)/)
    expect(injectedCommands(result.log)).toEqual([])
    expect(writes(emulator)).toHaveLength(1)
  })

  it('a lookup page holding an item whose id is not a UUID is an unexpected answer', async () => {
    const page = { items: [{ id: INJECTED, name: 'HubSpot', connectionSpec: { id: DEMO_SPEC } }] }
    emulator.injectFault(body(lookup, JSON.stringify(page)))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/list connections .*failed .*the answer does not have the expected shape/)
    expect(injectedCommands(result.log)).toEqual([])
    expect(result.outputs).toEqual({})
    expect(writes(emulator)).toEqual([])
  })

  it('a state with a newline is printed on one line', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot', state: 'enabled' })
    const read = { items: [{ id: existing.id, name: 'HubSpot', etag: existing.etag, state: `off${INJECTED}` }] }
    emulator.injectFault(body(readBack, JSON.stringify(read)))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/is in state "off/)
    expect(injectedCommands(result.log)).toEqual([])
  })

  it('an etag that is not a quoted string is an unexpected answer, and never an output', async () => {
    emulator.injectFault(body(create, JSON.stringify({ id: OTHER_ID, etag: 'bare\n::notice::x' })))
    const result = await run(emulator, baseInputs(emulator, { verify: 'none' }))
    expect(injectedCommands(result.log)).toEqual([])
    expect(Object.values(result.outputs).some((value) => value.includes('\n'))).toBe(false)
  })
})

describe('verification is about the connection the step wrote', () => {
  it('a read-back about another connection fails, and the outputs of the written one stay', async () => {
    const read = { items: [{ id: OTHER_ID, name: 'HubSpot', etag: '"other"', state: 'enabled' }] }
    emulator.injectFault(body(readBack, JSON.stringify(read)))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    const [stored] = emulator.connections()
    expect(result.log).toMatch(new RegExp(`read connection .*answered about connection ${OTHER_ID}`))
    expect(result.outputs['connection-id']).toBe(stored!.id)
    expect(result.outputs['etag']).toBe(stored!.etag)
  })
})

describe('the summary is scrubbed like the log, and more', () => {
  const basic = Buffer.from(`${DEMO.hubspot.clientId}:${DEMO.hubspot.clientSecret}`).toString('base64')
  const echoes: Array<[string, string]> = [
    ['base64', Buffer.from(DEMO.hubspot.clientSecret).toString('base64')],
    ['base64url', Buffer.from(DEMO.hubspot.refreshToken).toString('base64url')],
    ['a Basic header of the HubSpot app', `Basic ${basic}`],
    ['HTML-escaped', DEMO.adobe.clientSecret.replace(/&/g, '&amp;').replace(/"/g, '&quot;')],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify(DEMO.hubspot.clientSecret)).slice(3, -3)],
  ]
  for (const [form, echoed] of echoes) {
    it(`removes a secret echoed ${form} in an error body`, async () => {
      emulator.injectFault(
        status(create, 400, {
          body: JSON.stringify({
            type: 'https://ns.adobe.com/aep/errors/FLOW-1455-400',
            title: 'Invalid request',
            report: { 'detailed-message': `you sent ${echoed} here` },
          }),
        }),
      )
      const result = await run(emulator, baseInputs(emulator))
      expect(result.exitCode).toBe(1)
      expect(result.summary).toContain('FLOW-1455-400')
      expect(result.summary).toMatch(/you sent (Basic )?\*\*\* here/)
      expect(findLeaks([basic], { log: result.log, files: { summary: result.summary } })).toEqual([])
    })
  }
})

describe('Retry-After is read strictly', () => {
  for (const value of ['-1', '2.5', 'soon', '1e3']) {
    it(`ignores "${value}" and backs off as usual`, async () => {
      emulator.injectFault(status(lookup, 503, { headers: { 'retry-after': value }, times: 2 }))
      const clock = new FakeClock(() => 0.5)
      const result = await run(emulator, baseInputs(emulator), { clock })
      expect(result.exitCode, result.log).toBe(0)
      // Full jitter at 0.5: half of 1 s, then half of 2 s.
      expect(clock.sleeps).toEqual([500, 1000])
      expect(result.log).toContain(`::debug::Retry-After ${JSON.stringify(value)} is not a whole number of seconds`)
    })
  }

  it('still honours an IMF-fixdate and the two obsolete date forms HTTP accepts', async () => {
    const at = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000)
    const [weekday, day, month, year, time] = at.toUTCString().split(/,? /) as [string, string, string, string, string]
    const longWeekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][at.getUTCDay()]
    const forms = [
      at.toUTCString(),
      `${longWeekday}, ${day}-${month}-${year.slice(2)} ${time} GMT`,
      `${weekday} ${month} ${String(at.getUTCDate()).padStart(2, ' ')} ${time} ${year}`,
    ]
    for (const value of forms) {
      emulator.reset()
      emulator.injectFault(status(lookup, 503, { headers: { 'retry-after': value } }))
      const clock = new FakeClock(() => 0)
      const result = await run(emulator, baseInputs(emulator), { clock })
      expect(result.exitCode, `${value}\n${result.log}`).toBe(0)
      expect(clock.sleeps[0], value).toBeGreaterThan(3_000)
      expect(clock.sleeps[0], value).toBeLessThanOrEqual(6_000)
    }
  })
})

describe('errors name what happened', () => {
  it('an answer over the size limit is said to be one, and is not retried', async () => {
    emulator.injectFault(oversized(lookup, 8 * 1024 * 1024))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/list connections .*failed \(HTTP 200.*\): answered with a body larger than 5 MB/)
    // Read past the ::add-mask:: lines: the tokens they carry are random and can spell "DNS".
    expect(visibleLog(result.log)).not.toMatch(/could not reach|DNS/)
    expect(platformRequests(emulator)).toHaveLength(1)
  })

  it('an IMS token that cannot be sent in a header is an IMS answer problem, found before any request', async () => {
    emulator.injectFault(body(ims, JSON.stringify({ access_token: 'eyJ-bad\ntoken', expires_in: 86399 })))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Adobe IMS: mint access token .*failed .*access token .*cannot be sent in an HTTP header/,
    )
    expect(emulator.requests.filter((request) => request.service === 'ims')).toHaveLength(1)
    expect(platformRequests(emulator)).toEqual([])
  })

  it('a HubSpot access token with a control character is a HubSpot answer problem', async () => {
    emulator.injectFault(body(hubspotToken, JSON.stringify({ access_token: 'CJ\u0000x', expires_in: 1800 })))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/HubSpot OAuth: refresh access token .*failed .*access token/)
    expect(writes(emulator)).toEqual([])
  })

  it('a next-page link that is not a URL is a Flow Service answer problem naming the call', async () => {
    emulator.injectFault(body(lookup, JSON.stringify({ items: [], _links: { next: { href: 'http://[::1' } } })))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Flow Service: list connections \(GET \/connections, page 1\) failed .*next page.*not a URL/,
    )
    expect(visibleLog(result.log)).not.toMatch(/Invalid URL/)
  })

  it('when the deadline leaves no time for another attempt, the error says timeout-seconds ran out', async () => {
    emulator.injectFault(status(lookup, 503, { headers: { 'retry-after': '30' } }))
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '5' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /::error::Flow Service: list connections .* failed \(HTTP 503.*timeout-seconds \(5\) left no time for another attempt/,
    )
  })
})

describe('a create answered with a failure, then carried out later', () => {
  it('is found by looking more than once before any resend, and adopted', async () => {
    emulator.injectFault(failThenCommit(create, 500, 1))
    const result = await run(emulator, baseInputs(emulator), { clock: new FakeClock() })
    expect(result.exitCode, result.log).toBe(0)
    expect(emulator.connections()).toHaveLength(1)
    expect(writes(emulator)).toHaveLength(1)
    expect(result.log).toMatch(/the answer was lost; adopting/)
  })
})

const DEMO_SPEC = 'cc6a4487-9e91-433e-a3a3-9cf6626c1806'
