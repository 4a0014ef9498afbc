import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mintImsToken } from '../../../src/adobe/ims.js'
import { AdobeTokenSource } from '../../../src/adobe/token.js'
import { Deadline } from '../../../src/deadline.js'
import { ActionError } from '../../../src/errors.js'
import { Http } from '../../../src/http.js'
import { SecretRegistry } from '../../../src/secrets.js'
import { DEMO } from '../../emulator/demo.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'

let emulator: Emulator
const http = () => new Http(new Deadline(10_000))
const scopes = ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext', 'session']

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => emulator.close())
beforeEach(() => emulator.reset())

describe('mintImsToken', () => {
  it('mints a token with client_credentials and masks it before returning', async () => {
    const masked: string[] = []
    const token = await mintImsToken(
      http(),
      emulator.urls.ims,
      { clientId: DEMO.adobe.clientId, clientSecret: DEMO.adobe.clientSecret, scopes },
      new SecretRegistry((v) => masked.push(v)),
    )
    expect(token.accessToken).toMatch(/^eyJ/)
    expect(token.expiresInSeconds).toBe(86399)
    expect(masked).toContain(token.accessToken)
    expect(emulator.requests[0]!.path).toBe('/ims/token/v3')
  })

  it('fails with the service, status, code and hint, without the secret', async () => {
    const error = await mintImsToken(
      http(),
      emulator.urls.ims,
      { clientId: DEMO.adobe.clientId, clientSecret: 'not-the-secret', scopes },
      new SecretRegistry(() => undefined),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).facts).toMatchObject({
      service: 'Adobe IMS',
      status: 401,
      code: 'invalid_client',
      kind: 'auth',
    })
    expect((error as ActionError).facts.hint).toMatch(/Developer Console/)
  })

  it('names the scope IMS refused', async () => {
    const error = await mintImsToken(
      http(),
      emulator.urls.ims,
      { clientId: DEMO.adobe.clientId, clientSecret: DEMO.adobe.clientSecret, scopes: ['openid', 'made_up'] },
      new SecretRegistry(() => undefined),
    ).catch((e: unknown) => e)
    expect((error as ActionError).facts.code).toBe('invalid_scope')
    expect((error as Error).message).toContain('made_up')
  })
})

describe('AdobeTokenSource', () => {
  it('uses a given token without calling IMS, and cannot renew it without the secret', async () => {
    const source = new AdobeTokenSource(
      http(),
      emulator.urls.ims,
      { clientId: DEMO.adobe.clientId, scopes },
      new SecretRegistry(() => undefined),
      'given-token',
    )
    expect(await source.prepare()).toMatch(/from adobe-access-token/)
    expect(source.current()).toBe('given-token')
    expect(source.given).toBe(true)
    expect(source.canRenew()).toBe(false)
    expect(emulator.requests).toEqual([])
  })

  it('renews once, by minting, when the secret is known', async () => {
    const source = new AdobeTokenSource(
      http(),
      emulator.urls.ims,
      { clientId: DEMO.adobe.clientId, clientSecret: DEMO.adobe.clientSecret, scopes },
      new SecretRegistry(() => undefined),
      'given-token',
    )
    expect(source.canRenew()).toBe(true)
    await source.renew()
    expect(source.current()).toMatch(/^eyJ/)
    expect(source.given).toBe(false)
    expect(source.canRenew()).toBe(false)
  })
})
