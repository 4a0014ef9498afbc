import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ADOBE_SCOPES } from '../../../src/adobe/inputs.js'
import { ImsClient } from '../../../src/adobe/ims.js'
import { ActionError } from '../../../src/core/errors.js'
import { DEMO } from '../../emulator/demo.js'
import type { Emulator } from '../../emulator/server.js'
import { status } from '../../support/faults.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, answer, httpStack, scriptedStack, ScriptedTransport, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const scopes = DEFAULT_ADOBE_SCOPES.split(',')
let stack: Stack
beforeEach(() => {
  stack = httpStack()
})

const ims = () => new ImsClient(stack.sender, stack.secrets, emulator.urls.ims)
const credentials = { clientId: DEMO.adobe.clientId, clientSecret: DEMO.adobe.clientSecret, scopes }

describe('ImsClient.mintToken', () => {
  it('mints a token with client_credentials and masks it before returning', async () => {
    const token = await ims().mintToken(credentials)
    expect(token.accessToken).toMatch(/^eyJ/)
    expect(token.expiresInSeconds).toBe(86399)
    expect(stack.masked).toContain(token.accessToken)
    const [request] = emulator.requests
    expect(request!.path).toBe('/ims/token/v3')
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: DEMO.adobe.clientId,
      client_secret: DEMO.adobe.clientSecret,
      scope: DEFAULT_ADOBE_SCOPES,
    })
  })

  it('fails with the service, status, code and hint, without the secret', async () => {
    const error = await actionErrorOf(ims().mintToken({ ...credentials, clientSecret: 'not-the-secret' }))
    expect(error.facts).toMatchObject({
      service: 'Adobe IMS',
      operation: 'mint access token (POST /ims/token/v3)',
      status: 401,
      code: 'invalid_client',
      kind: 'auth',
    })
    expect(error.facts.hint).toMatch(/Developer Console/)
    expect(JSON.stringify({ message: error.message, facts: error.facts })).not.toContain('not-the-secret')
  })

  it('names the scope IMS refused', async () => {
    const error = await actionErrorOf(ims().mintToken({ ...credentials, scopes: ['openid', 'made_up'] }))
    expect(error.facts.code).toBe('invalid_scope')
    expect(error.message).toContain('made_up')
  })

  it('retries a transient failure: minting twice only makes a second token', async () => {
    emulator.injectFault(status({ service: 'ims' }, 503))
    const token = await ims().mintToken(credentials)
    expect(token.accessToken).toMatch(/^eyJ/)
    expect(emulator.requests).toHaveLength(2)
    expect(stack.clock.sleeps).toHaveLength(1)
  })

  it('reads a token without expires_in, and refuses an answer without a token', async () => {
    const transport = new ScriptedTransport([answer(200, { access_token: 'tok-1' }), answer(200, { access_token: '' })])
    const scripted = scriptedStack(transport)
    const client = new ImsClient(scripted.sender, scripted.secrets, 'http://127.0.0.1:9')
    expect(await client.mintToken(credentials)).toEqual({ accessToken: 'tok-1', expiresInSeconds: undefined })
    const error = await actionErrorOf(client.mintToken(credentials))
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/^the answer does not have the expected shape: at access_token, /)
  })
})
