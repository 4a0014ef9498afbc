import { describe, expect, it } from 'vitest'
import { DEMO } from '../emulator/demo.js'
import type { Emulator } from '../emulator/server.js'
import { FakeClock } from '../support/fake-clock.js'
import { anyPlatform, ims, lookup, redirect, stall, status } from '../support/faults.js'
import { useEmulator } from '../support/use-emulator.js'
import { visibleLog } from '../support/runner-log.js'
import {
  CONNECTIONS_PATH,
  HUBSPOT_SPEC_ID,
  baseInputs,
  expectRequests,
  platformRequests,
  run,
  writes,
} from './fixtures.js'

let emulator: Emulator
useEmulator((started) => (emulator = started))

describe('create, with tokens minted by the step', () => {
  it('mints both tokens, finds nothing, creates, verifies, and reports', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'connection-description': 'from CI' }))

    expect(result.exitCode, result.log).toBe(0)
    const [stored, ...others] = emulator.connections('prod')
    expect(others).toHaveLength(0)
    expect(stored).toBeDefined()
    expect(result.outputs).toEqual({
      'connection-id': stored!.id,
      etag: stored!.etag,
      result: 'created',
      'connection-state': 'enabled',
    })
    expect(stored!.etag).toMatch(/^".+"$/)

    // The tokens are asked for at the same time; the lookup needs only Adobe's.
    expectRequests(emulator, [
      ['ims POST /ims/token/v3', 'hubspot POST /oauth/2026-03/token', `platform GET ${CONNECTIONS_PATH}`],
      `platform POST ${CONNECTIONS_PATH}`,
      `platform GET ${CONNECTIONS_PATH}/${stored!.id}`,
    ])
    const request = (service: string, method: string) =>
      emulator.requests.find((r) => r.service === service && r.method === method)
    const [ims, hubspot, lookup, create] = [
      request('ims', 'POST'),
      request('hubspot', 'POST'),
      request('platform', 'GET'),
      request('platform', 'POST'),
    ]
    expect(Object.fromEntries(new URLSearchParams(ims!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: DEMO.adobe.clientId,
      client_secret: DEMO.adobe.clientSecret,
      scope: 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext',
    })
    expect(ims!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(hubspot!.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: DEMO.hubspot.clientId,
      client_secret: DEMO.hubspot.clientSecret,
      refresh_token: DEMO.hubspot.refreshToken,
    })
    expect(lookup!.query).toContainEqual(['property', `connectionSpec.id==${HUBSPOT_SPEC_ID}`])

    expect(create!.headers).toMatchObject({
      'x-api-key': DEMO.adobe.clientId,
      'x-gw-ims-org-id': DEMO.adobe.orgId,
      'x-sandbox-name': 'prod',
      'content-type': 'application/json',
    })
    expect(create!.headers['authorization']).toMatch(/^Bearer eyJ/)
    const body = JSON.parse(create!.body)
    expect(body).toEqual({
      name: 'HubSpot',
      description: 'from CI',
      auth: {
        specName: 'Basic Authentication',
        params: {
          clientId: DEMO.hubspot.clientId,
          clientSecret: DEMO.hubspot.clientSecret,
          accessToken: expect.any(String),
          refreshToken: DEMO.hubspot.refreshToken,
        },
      },
      connectionSpec: { id: HUBSPOT_SPEC_ID, version: '1.0' },
    })
    expect(stored!.auth.params['accessToken']).toBe(body.auth.params.accessToken)

    expect(result.summary).toContain('<table>')
    for (const cell of ['HubSpot', stored!.id, 'prod', 'created', 'enabled'])
      expect(result.summary).toContain(`<td>${cell}</td>`)
    expect(result.log).toMatch(
      /::group::Adobe IMS access token\n(::.*\n)*Minted an IMS access token for client \w+, valid for 24 h\.\n/,
    )
    expect(result.log).toMatch(/Created connection/)
  })

  it('keeps one TCP connection per service for the whole step', async () => {
    const minted = await run(emulator, baseInputs(emulator))
    expect(minted.exitCode, minted.log).toBe(0)
    expect(emulator.requests.filter((request) => request.service === 'platform')).toHaveLength(3)
    expect(emulator.tcpConnections()).toEqual({ ims: 1, hubspot: 1, platform: 1 })
  })

  it('is safe to re-run: the second run reuses the connection and writes nothing', async () => {
    const first = await run(emulator, baseInputs(emulator))
    emulator.clearRequests()
    const second = await run(emulator, baseInputs(emulator))

    expect(second.exitCode, second.log).toBe(0)
    expect(second.outputs['result']).toBe('reused')
    expect(second.outputs['connection-id']).toBe(first.outputs['connection-id'])
    expect(second.outputs['etag']).toBe(first.outputs['etag'])
    expect(writes(emulator)).toEqual([])
    expect(emulator.connections()).toHaveLength(1)
  })

  it('creates in the sandbox it is given, and only there', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'sandbox-name': 'dev' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(emulator.connections('dev')).toHaveLength(1)
    expect(emulator.connections('prod')).toHaveLength(0)
    expect(platformRequests(emulator).every((request) => request.headers['x-sandbox-name'] === 'dev')).toBe(true)
    expect(result.summary).toContain('<td>dev</td>')
  })
})

describe('given tokens', () => {
  it('uses both given tokens: no IMS call, HubSpot introspection instead of refresh', async () => {
    const adobeToken = emulator.issueAdobeToken()
    const hubspotToken = emulator.issueHubSpotAccessToken()
    const result = await run(
      emulator,
      baseInputs(emulator, {
        'adobe-client-secret': '',
        'adobe-access-token': adobeToken,
        'hubspot-access-token': hubspotToken,
        verify: 'none',
      }),
    )

    expect(result.exitCode, result.log).toBe(0)
    expectRequests(emulator, [
      ['hubspot POST /oauth/2026-03/token/introspect', `platform GET ${CONNECTIONS_PATH}`],
      `platform POST ${CONNECTIONS_PATH}`,
    ])
    const introspection = emulator.requests.find((request) => request.service === 'hubspot')
    expect(new URLSearchParams(introspection!.body).get('token')).toBe(hubspotToken)
    expect(platformRequests(emulator)[0]!.headers['authorization']).toBe(`Bearer ${adobeToken}`)
    expect(emulator.connections()[0]!.auth.params['accessToken']).toBe(hubspotToken)
    expect(result.outputs['connection-state']).toBe('')
    expect(result.outputs['result']).toBe('created')
  })

  it('fails before any write when the given HubSpot token is stale', async () => {
    const stale = emulator.issueHubSpotAccessToken()
    emulator.expireHubSpotAccessTokens()
    const result = await run(emulator, baseInputs(emulator, { 'hubspot-access-token': stale }))

    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/hubspot-access-token is not active/)
    expect(result.log).toMatch(/Leave hubspot-access-token empty/)
    expect(writes(emulator)).toEqual([])
  })

  it('fails before any write, with the fix, when the given HubSpot token is not a token HubSpot issued', async () => {
    const result = await run(
      emulator,
      baseInputs(emulator, { 'hubspot-access-token': 'CJnot-a-real-token-0123456789' }),
    )
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/HubSpot OAuth: introspect access token .* failed \(HTTP 400, error VALIDATION_ERROR/)
    expect(result.log).toMatch(/What to do: Leave hubspot-access-token empty/)
    expect(writes(emulator)).toEqual([])
  })

  it('replaces a rejected Adobe token by minting one when the secret is also given', async () => {
    const stale = emulator.issueAdobeToken()
    emulator.expireAdobeTokens()
    const result = await run(emulator, baseInputs(emulator, { 'adobe-access-token': stale }))

    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/rejected the given IMS access token; minting a new one/)
    expectRequests(emulator, [
      ['hubspot POST /oauth/2026-03/token', `platform GET ${CONNECTIONS_PATH}`],
      'ims POST /ims/token/v3',
      `platform GET ${CONNECTIONS_PATH}`,
      `platform POST ${CONNECTIONS_PATH}`,
      expect.stringMatching(/^platform GET .*connections\/[\w-]+$/),
    ])
  })

  it('fails with the 24-hour hint when only a rejected Adobe token is given', async () => {
    const stale = emulator.issueAdobeToken()
    emulator.expireAdobeTokens()
    const result = await run(emulator, baseInputs(emulator, { 'adobe-client-secret': '', 'adobe-access-token': stale }))

    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/Flow Service: list connections .* failed \(HTTP 401, error 401013/)
    expect(result.log).toMatch(/IMS access tokens last 24 hours; give adobe-client-secret/)
    expect(writes(emulator)).toEqual([])
  })
})

describe('if-exists', () => {
  it('update rotates the credentials with If-Match and a JSON Patch', async () => {
    const existing = emulator.seedConnection({
      name: 'HubSpot',
      description: 'old',
      params: { clientId: 'old', clientSecret: 'old-secret', accessToken: 'old-token', refreshToken: 'old-refresh' },
    })
    const result = await run(
      emulator,
      baseInputs(emulator, { 'if-exists': 'update', 'connection-description': 'rotated' }),
    )

    expect(result.exitCode, result.log).toBe(0)
    const [patch, ...more] = writes(emulator)
    expect(more).toEqual([])
    expect(patch!.method).toBe('PATCH')
    expect(patch!.path).toBe(`${CONNECTIONS_PATH}/${existing.id}`)
    expect(patch!.headers['if-match']).toBe(existing.etag)
    expect(JSON.parse(patch!.body)).toEqual([
      {
        op: 'replace',
        path: '/auth/params',
        value: {
          clientId: DEMO.hubspot.clientId,
          clientSecret: DEMO.hubspot.clientSecret,
          accessToken: expect.any(String),
          refreshToken: DEMO.hubspot.refreshToken,
        },
      },
      { op: 'replace', path: '/description', value: 'rotated' },
    ])
    const [stored] = emulator.connections()
    expect(stored!.auth.params['clientSecret']).toBe(DEMO.hubspot.clientSecret)
    expect(stored!.description).toBe('rotated')
    expect(stored!.etag).not.toBe(existing.etag)
    expect(result.outputs).toEqual({
      'connection-id': existing.id,
      etag: stored!.etag,
      result: 'updated',
      'connection-state': 'enabled',
    })
  })

  it('update without a description leaves the description alone', async () => {
    emulator.seedConnection({ name: 'HubSpot', description: 'keep me' })
    const result = await run(emulator, baseInputs(emulator, { 'if-exists': 'update' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(JSON.parse(writes(emulator)[0]!.body)).toHaveLength(1)
    expect(emulator.connections()[0]!.description).toBe('keep me')
  })

  it('fail stops on an existing connection, naming it', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    const result = await run(emulator, baseInputs(emulator, { 'if-exists': 'fail' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(`already exists in sandbox prod: ${existing.id}`)
    expect(result.outputs).toEqual({})
    expect(writes(emulator)).toEqual([])
  })

  it('create always creates another', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot' })
    const result = await run(emulator, baseInputs(emulator, { 'if-exists': 'create' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('created')
    expect(result.outputs['connection-id']).not.toBe(existing.id)
    expect(emulator.connections()).toHaveLength(2)
  })

  for (const mode of ['reuse', 'update', 'fail']) {
    it(`${mode} refuses to choose between several connections of that name, listing them`, async () => {
      const a = emulator.seedConnection({ name: 'HubSpot' })
      const b = emulator.seedConnection({ name: 'HubSpot' })
      const result = await run(emulator, baseInputs(emulator, { 'if-exists': mode }))
      expect(result.exitCode).toBe(1)
      expect(result.log).toContain(
        `2 HubSpot connections named "HubSpot" exist in sandbox prod, so none can be chosen: ${a.id}, ${b.id}`,
      )
      expect(writes(emulator)).toEqual([])
    })
  }

  it('matches names exactly, whatever characters they hold, and only HubSpot connections', async () => {
    const name = 'HubSpot, "EU" & co = ünï/code'
    emulator.seedConnection({ name: 'HubSpot' })
    emulator.seedConnection({ name: 'HubSpot, "EU"' })
    emulator.seedConnection({ name: `${name} ` })
    emulator.seedConnection({ name, connectionSpecId: '00000000-0000-0000-0000-000000000000' })
    const wanted = emulator.seedConnection({ name })
    const result = await run(emulator, baseInputs(emulator, { 'connection-name': name }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('reused')
    expect(result.outputs['connection-id']).toBe(wanted.id)
  })

  it('follows pagination to find a connection on a later page', async () => {
    for (let i = 0; i < 120; i++) emulator.seedConnection({ name: `HubSpot ${i}` })
    const wanted = emulator.seedConnection({ name: 'Target' })
    const result = await run(emulator, baseInputs(emulator, { 'connection-name': 'Target' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['connection-id']).toBe(wanted.id)
    const lookups = platformRequests(emulator).filter((request) => request.path === CONNECTIONS_PATH)
    expect(lookups).toHaveLength(2)
    expect(lookups[1]!.query.map(([key]) => key)).toContain('continuationToken')
  })
})

describe('verify', () => {
  it('explore lists HubSpot objects through the connection', async () => {
    const result = await run(emulator, baseInputs(emulator, { verify: 'explore' }))
    expect(result.exitCode, result.log).toBe(0)
    const id = result.outputs['connection-id']
    expect(
      platformRequests(emulator)
        .map((request) => request.rawUrl)
        .at(-1),
    ).toBe(`${CONNECTIONS_PATH}/${id}/explore?objectType=root`)
    expect(result.log).toMatch(/explore listed \d+ HubSpot objects/)
    expect(result.summary).toMatch(/Explore listed \d+ HubSpot objects/)
  })

  it('explore fails when Adobe cannot reach HubSpot with the stored credentials', async () => {
    emulator.seedConnection({
      name: 'HubSpot',
      params: { clientId: DEMO.hubspot.clientId, clientSecret: 'wrong', accessToken: 'wrong', refreshToken: 'wrong' },
    })
    const result = await run(emulator, baseInputs(emulator, { verify: 'explore' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/Flow Service: explore connection/)
  })

  it('connection requires state enabled', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot', state: 'disabled' })
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(`connection ${existing.id} is in state "disabled", not "enabled"`)
    // The connection exists, so a later step (if: failure()) can still find it.
    expect(result.outputs).toEqual({ 'connection-id': existing.id, etag: existing.etag, result: 'reused' })
  })

  it('waits for a connection that is still initializing to settle', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot', state: 'initializing' })
    emulator.setConnectionStateAfterReads(existing.id, 'enabled', 2)
    const result = await run(emulator, baseInputs(emulator), { clock: new FakeClock() })
    expect(result.exitCode, result.log).toBe(0)
    const waits = result.log.match(
      new RegExp(`Connection ${existing.id} is initializing; reading it again in \\d\\.\\d s\\.`, 'g'),
    )
    expect(waits).toHaveLength(2)
    const [settled] = emulator.connections()
    expect(result.outputs).toEqual({
      'connection-id': existing.id,
      etag: settled!.etag,
      result: 'reused',
      'connection-state': 'enabled',
    })
  })

  it('fails when the connection does not settle before the deadline, naming its state', async () => {
    const existing = emulator.seedConnection({ name: 'HubSpot', state: 'updating' })
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '5' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(`connection ${existing.id} is in state "updating", not "enabled"`)
    expect(result.durationMs).toBeLessThan(5_000 + 2_000)
  })

  it('none reads nothing back', async () => {
    const result = await run(emulator, baseInputs(emulator, { verify: 'none' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(platformRequests(emulator).map((request) => request.method)).toEqual(['GET', 'POST'])
    expect(result.outputs['connection-state']).toBe('')
  })
})

describe('dry run', () => {
  it('plans a create and writes nothing', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'dry-run': 'true' }))
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toEqual({ 'connection-id': '', etag: '', result: 'would-create', 'connection-state': '' })
    expect(writes(emulator)).toEqual([])
    expect(emulator.connections()).toEqual([])
    expect(result.summary).toContain('Dry run: nothing was written.')
  })

  for (const [mode, expected] of [
    ['reuse', 'would-reuse'],
    ['update', 'would-update'],
  ] as const) {
    it(`plans ${mode} of the match, giving its id and etag`, async () => {
      const existing = emulator.seedConnection({ name: 'HubSpot' })
      const result = await run(emulator, baseInputs(emulator, { 'dry-run': 'true', 'if-exists': mode }))
      expect(result.exitCode, result.log).toBe(0)
      expect(result.outputs).toEqual({
        'connection-id': existing.id,
        etag: existing.etag,
        result: expected,
        'connection-state': '',
      })
      expect(writes(emulator)).toEqual([])
      expect(emulator.connections()[0]!.etag).toBe(existing.etag)
    })
  }

  it('fails as the real run would', async () => {
    emulator.seedConnection({ name: 'HubSpot' })
    const result = await run(emulator, baseInputs(emulator, { 'dry-run': 'true', 'if-exists': 'fail' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/already exists/)
  })
})

describe('failures', () => {
  it('rejects invalid inputs before any request', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'adobe-org-id': 'nope', 'sandbox-name': 'Prod' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::2 inputs are invalid; no request was sent/)
    expect(result.log).toMatch(/input 'adobe-org-id'/)
    expect(result.log).toMatch(/input 'sandbox-name'/)
    expect(emulator.requests).toEqual([])
  })

  it('names IMS, the status and the error code for a wrong Adobe secret', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'adobe-client-secret': 'wrong-secret-value' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Adobe IMS: mint access token \(POST \/ims\/token\/v3\) failed \(HTTP 401, error invalid_client/,
    )
    expect(result.log).toMatch(/What to do: adobe-client-id or adobe-client-secret is wrong/)
    expect(platformRequests(emulator)).toEqual([])
  })

  it('names HubSpot and the fix for a revoked refresh token', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'hubspot-refresh-token': 'na1-revoked-token' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /HubSpot OAuth: refresh access token .* failed \(HTTP 400, error BAD_REFRESH_TOKEN, request id [\w-]+\)/,
    )
    expect(result.log).toMatch(/reauthorize/)
    // The lookup runs beside HubSpot's refresh; nothing is written without HubSpot's proof.
    expect(writes(emulator)).toEqual([])
  })

  it("names the sandbox problem with Flow Service's code and request id", async () => {
    const result = await run(emulator, baseInputs(emulator, { 'sandbox-name': 'staging' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Flow Service: list connections .* failed \(HTTP 404, error FLOW-2100-404, request id [\w-]+\)/,
    )
    expect(result.log).toMatch(/Check sandbox-name/)
  })

  it('names the gateway problem for an org id the credential does not belong to', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'adobe-org-id': '000000000000000000000000@AdobeOrg' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/error 403027/)
    expect(result.log).toMatch(/Check adobe-org-id/)
  })

  it('reports a server error that outlasts the retries with its code and a hint to re-run', async () => {
    emulator.injectFault(status(lookup, 503, { headers: { 'retry-after': '0' }, times: 5 }))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /Flow Service: list connections \(GET \/connections, page 1\) failed \(HTTP 503, error FLOW-1103-503, request id [\w-]+\)/,
    )
    expect(result.log).toMatch(/attempt 4 of 5 failed \(HTTP 503\); retrying in 0\.0 s/)
    expect(result.log).toMatch(/re-run the job/)
    expect(writes(emulator)).toEqual([])
  })

  it('refuses to follow a redirect', async () => {
    emulator.injectFault(redirect(ims, 'https://elsewhere.example/ims/token/v3'))
    const result = await run(emulator, baseInputs(emulator))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/HTTP 307.*unexpected redirect to https:\/\/elsewhere\.example/)
  })

  it('stops at the deadline when a server never answers, saying what it waited for', async () => {
    emulator.injectFault(stall(anyPlatform))
    const result = await run(emulator, baseInputs(emulator, { 'timeout-seconds': '2' }))
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /ran out of time \(timeout-seconds: 2\) while waiting for Flow Service to answer "list connections/,
    )
    expect(result.durationMs).toBeLessThan(15_000)
  })

  it('writes the failure into the step summary, escaped', async () => {
    const result = await run(emulator, baseInputs(emulator, { 'sandbox-name': 'staging' }))
    expect(result.summary).toContain('<strong>Failed.</strong>')
    expect(result.summary).toContain('FLOW-2100-404')
    expect(result.summary).toContain('&#39;staging&#39;')
  })
})

describe('the runner environment', () => {
  it('HTML-escapes the name in the step summary', async () => {
    const result = await run(
      emulator,
      baseInputs(emulator, { 'connection-name': '<img src=x onerror=alert(1)> & "co"' }),
    )
    expect(result.exitCode, result.log).toBe(0)
    expect(result.summary).toContain('<td>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;</td>')
    expect(result.summary).not.toContain('<img')
  })

  it('works without a step summary file', async () => {
    const result = await run(emulator, baseInputs(emulator), { summary: false })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['result']).toBe('created')
  })

  it('keeps the etag exactly, literal quotes included', async () => {
    const result = await run(emulator, baseInputs(emulator))
    expect(result.outputs['etag']).toBe(emulator.connections()[0]!.etag)
    expect(result.outputs['etag']!.startsWith('"')).toBe(true)
  })

  it('prints stack traces only in debug mode', async () => {
    const quiet = await run(emulator, baseInputs(emulator, { 'sandbox-name': 'staging' }), { debug: false })
    expect(quiet.exitCode).toBe(1)
    expect(quiet.log).not.toMatch(/\n\s+at /)
    const debug = await run(emulator, baseInputs(emulator, { 'sandbox-name': 'staging' }))
    expect(debug.log).toMatch(/::debug::ActionError: .*%0A\s+at /)
  })

  it('masks proxy credentials and never prints the proxy URL', async () => {
    const proxy = 'http://proxy-user:pr%2Fxy-s3cret@proxy.internal.example:3128'
    const result = await run(emulator, baseInputs(emulator), { env: { HTTPS_PROXY: proxy, HTTP_PROXY: proxy } })
    expect(result.exitCode, result.log).toBe(0)
    expect(visibleLog(result.log)).not.toContain('pr/xy-s3cret')
    expect(visibleLog(result.log)).not.toContain('proxy.internal.example')
    expect(result.log).toContain('::add-mask::pr/xy-s3cret')
  })

  it('logs no bodies or secrets in debug mode', async () => {
    const result = await run(emulator, baseInputs(emulator), { debug: true })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.log).toMatch(/::debug::POST \/data\/foundation\/flowservice\/connections answered 201/)
    expect(result.log).not.toMatch(/"auth"|client_secret=|refresh_token=/)
  })
})
