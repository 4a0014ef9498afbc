import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { holdUntil, hubspotToken, ims, lookup, type Target } from '../support/faults.js'
import { logGroups } from '../support/runner-log.js'
import { useEmulator } from '../support/use-emulator.js'
import { baseInputs, run, writes } from './fixtures.js'

// The connection action asks for the Adobe token and the HubSpot credentials at the same time, and
// looks for the connection as soon as the Adobe token is there. These tests hold one answer until
// another request has been answered: a step that made the calls one after the other would wait
// for ever (its deadline), so passing proves the overlap, and which call the step saw end first.

let emulator: Emulator
useEmulator((started) => (emulator = started))

const introspection: Target = { service: 'hubspot', path: '/oauth/2026-03/token/introspect' }

const requestsTo = (target: Target) =>
  emulator.requests.filter((request) => request.service === target.service && request.path === target.path)

/** The groups a created connection's log shows, in order. */
const CREATE_GROUPS = [
  'Adobe IMS access token',
  'HubSpot credentials',
  'Existing connections',
  'Create connection',
  'Verification',
]

describe('independent calls at the same time', () => {
  it('asks HubSpot while IMS has not answered yet, and prints the groups in their order all the same', async () => {
    // IMS answers only once HubSpot has: HubSpot's phase ends first.
    emulator.injectFault(holdUntil(ims, hubspotToken))
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '20' }))

    expect(result.exitCode, result.log).toBe(0)
    const groups = logGroups(result.log)
    expect(groups.map((group) => group.title)).toEqual(CREATE_GROUPS)
    expect(groups[0]!.lines).toEqual([expect.stringMatching(/^Minted an IMS access token for client /)])
    expect(groups[1]!.lines).toEqual(['Minted a fresh HubSpot access token from hubspot-refresh-token.'])
    expect(groups[2]!.lines).toEqual(['No HubSpot connection named "HubSpot" in sandbox prod.'])
  })

  it('looks for the connection while HubSpot has not answered yet', async () => {
    // HubSpot answers only once the Flow Service lookup has: it needed only the Adobe token.
    emulator.injectFault(holdUntil(hubspotToken, lookup))
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '20' }))

    expect(result.exitCode, result.log).toBe(0)
    expect(logGroups(result.log).map((group) => group.title)).toEqual(CREATE_GROUPS)
    expect(emulator.connections()).toHaveLength(1)
    expect(requestsTo(hubspotToken), 'HubSpot was asked once, not again after a timeout').toHaveLength(1)
  })

  it('introspects a given HubSpot token beside the lookup, given tokens', async () => {
    emulator.injectFault(holdUntil(introspection, lookup))
    const result = await run(
      emulator,
      baseInputs(emulator, {
        'adobe-client-secret': '',
        'adobe-access-token': emulator.issueAdobeToken(),
        'hubspot-access-token': emulator.issueHubSpotAccessToken(),
        verify: 'none',
        'timeout-seconds': '20',
      }),
    )

    expect(result.exitCode, result.log).toBe(0)
    expect(logGroups(result.log).map((group) => group.title)).toEqual([
      'Adobe IMS access token',
      'HubSpot credentials',
      'Existing connections',
      'Create connection',
      'Verification',
    ])
    expect(emulator.connections()).toHaveLength(1)
    expect(requestsTo(introspection), 'HubSpot was asked once, not again after a timeout').toHaveLength(1)
  })
})

describe('nothing is written before the HubSpot credentials are proven', () => {
  it('writes nothing when HubSpot refuses the refresh token after the lookup has ended', async () => {
    emulator.injectFault(holdUntil(hubspotToken, lookup, { status: 400 }))
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '20' }))

    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/HubSpot OAuth: refresh access token .* failed \(HTTP 400/)
    expect(emulator.requests.some((request) => request.service === 'platform' && request.method === 'GET')).toBe(true)
    expect(writes(emulator)).toEqual([])
    expect(emulator.connections()).toHaveLength(0)
  })

  it('reports the Adobe token failure, the first phase, when both IMS and HubSpot fail', async () => {
    emulator.injectFault(holdUntil(ims, hubspotToken, { status: 401 }))
    const result = await run(emulator, baseInputs(emulator, { 'hubspot-refresh-token': 'na1-revoked-token' }))

    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::Adobe IMS: mint access token .*failed \(HTTP 401/)
    expect(result.log).not.toMatch(/::error::.*HubSpot/)
    // The failure is the log's last word: no group opens after it.
    expect(result.log.slice(result.log.indexOf('::error::'))).not.toMatch(/::group::/)
    expect(writes(emulator)).toEqual([])
  })
})
