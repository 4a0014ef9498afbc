import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { adobeErrorDetails } from '../../../src/adobe/adobe-errors.js'
import { PlatformClient, platformService, type TokenSource } from '../../../src/adobe/platform.js'
import type { Call } from '../../../src/core/service-client.js'
import { actionErrorOf, answer, scriptedStack, ScriptedTransport, type Scripted } from '../helpers/stack.js'

/** A Catalog-like client: one GET through the gateway. */
class TestPlatformClient extends PlatformClient {
  read(call: Partial<Call> = {}) {
    return this.send(
      this.platformCall({
        operation: 'read dataset (GET /dataSets/d1)',
        method: 'GET',
        url: 'http://127.0.0.1:9/d1',
        ...call,
      }),
      z.object({ id: z.string() }),
    )
  }
}

/** Tokens that renew to each of `renewals` in turn, then to none. */
function tokens(given: boolean, renewals: string[] = []): TokenSource & { renewed: number } {
  let current = 'token-1'
  const source = {
    given,
    renewed: 0,
    current: () => current,
    renew: async () => {
      source.renewed++
      const next = renewals.shift()
      if (next !== undefined) current = next
      return next
    },
  }
  return source
}

function client(script: Scripted[], source: TokenSource = tokens(true)) {
  const transport = new ScriptedTransport(script)
  const stack = scriptedStack(transport)
  const platform = new TestPlatformClient(platformService('Catalog'), stack.sender, stack.secrets, {
    platformUrl: 'http://127.0.0.1:9',
    apiKey: 'api-key',
    orgId: 'ORG@AdobeOrg',
    sandboxName: 'dev',
    tokens: source,
  })
  return { transport, platform }
}

const unauthorized = (body: unknown = '') => answer(401, body)

describe('platformService', () => {
  it("describes a gateway service: its name, x-request-id, and Adobe's error shapes", () => {
    expect(platformService('Data Prep')).toEqual({
      name: 'Data Prep',
      requestIdHeader: 'x-request-id',
      errorDetails: adobeErrorDetails,
    })
  })
})

describe('PlatformClient', () => {
  it("sends the gateway's headers and the current token on every call; the call's own headers win", async () => {
    const { platform, transport } = client([answer(200, { id: 'd1' }), answer(200, { id: 'd1' })])
    await platform.read()
    await platform.read({ headers: { 'x-sandbox-name': 'other', 'if-match': '"1"' } })
    expect(transport.sent[0]!.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer token-1',
      'x-api-key': 'api-key',
      'x-gw-ims-org-id': 'ORG@AdobeOrg',
      'x-sandbox-name': 'dev',
    })
    expect(transport.sent[0]!.service).toBe('Catalog')
    expect(transport.sent[1]!.headers).toMatchObject({ 'x-sandbox-name': 'other', 'if-match': '"1"' })
  })

  it('sends the call again with a renewed token after a 401', async () => {
    const source = tokens(true, ['token-2'])
    const { platform, transport } = client([unauthorized(), answer(200, { id: 'd1' })], source)
    expect(await platform.read()).toEqual({ id: 'd1' })
    expect(source.renewed).toBe(1)
    expect(transport.sent.map((request) => request.headers['authorization'])).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ])
  })

  it('fails with the 401 when no renewed token is to be had', async () => {
    const source = tokens(true)
    const { platform, transport } = client([unauthorized(), answer(200, { id: 'd1' })], source)
    const error = await actionErrorOf(platform.read())
    expect(error.facts).toMatchObject({ status: 401, kind: 'auth', service: 'Catalog' })
    expect(source.renewed).toBe(1)
    expect(transport.sent).toHaveLength(1)
  })

  it('says a given token was rejected, for a 401 without a code or with 401013', async () => {
    for (const body of ['', { error_code: '401013', message: 'Oauth token is not valid' }]) {
      const { platform } = client([unauthorized(body)], tokens(true))
      expect((await actionErrorOf(platform.read())).facts.hint).toMatch(/^adobe-access-token was rejected/)
    }
  })

  it('says a minted token was rejected, when the step minted it', async () => {
    const { platform } = client([unauthorized()], tokens(false))
    expect((await actionErrorOf(platform.read())).facts.hint).toMatch(/^A freshly minted IMS access token was rejected/)
  })

  it('keeps the hint of any other 401 code, and of any other status', async () => {
    const other = { error_code: '403003', message: 'Api Key is invalid' }
    const { platform } = client([unauthorized(other)], tokens(true))
    expect((await actionErrorOf(platform.read())).facts.hint).toMatch(/adobe-client-id is not valid for this token/)
    const forbidden = client([answer(403, { error_code: '403025', message: 'not provisioned' })], tokens(true))
    expect((await actionErrorOf(forbidden.platform.read())).facts.hint).toMatch(/not provisioned/)
  })

  it("applies the call's own refinement first", async () => {
    const refine = () => ({ code: 'MINE', message: 'refined', hint: 'mine' })
    const { platform } = client([answer(404)], tokens(true))
    const error = await actionErrorOf(platform.read({ refine }))
    expect(error.message).toBe('refined')
    expect(error.facts).toMatchObject({ code: 'MINE', hint: 'mine' })
    const rejected = client([unauthorized()], tokens(true))
    const refinedAuth = await actionErrorOf(
      rejected.platform.read({ refine: (details) => ({ ...details, message: 'own' }) }),
    )
    expect(refinedAuth.message).toBe('own')
    expect(refinedAuth.facts.hint).toMatch(/^adobe-access-token was rejected/)
  })
})
