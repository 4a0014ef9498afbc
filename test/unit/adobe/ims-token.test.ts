import { beforeEach, describe, expect, it } from 'vitest'
import { ImsClient, type ImsCredentials, type ImsToken } from '../../../src/adobe/ims.js'
import { AdobeTokenSource } from '../../../src/adobe/ims-token.js'
import { DEMO } from '../../emulator/demo.js'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator } from '../../support/use-emulator.js'
import { actionErrorOf, httpStack, rejectionOf, type Stack } from '../helpers/stack.js'

let emulator: Emulator
useEmulator((e) => (emulator = e))

const scopes = ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext', 'session']
let stack: Stack
let lines: string[]
beforeEach(() => {
  stack = httpStack()
  lines = []
})

function source(clientSecret: string | undefined, givenToken?: string): AdobeTokenSource {
  return new AdobeTokenSource(
    new ImsClient(stack.sender, stack.secrets, emulator.urls.ims),
    { clientId: DEMO.adobe.clientId, clientSecret, scopes },
    (line) => lines.push(line),
    givenToken,
  )
}

/** An IMS that mints the tokens it is given, recording each request. */
function fakeIms(tokens: ImsToken[]) {
  const asked: ImsCredentials[] = []
  const ims = {
    mintToken: async (credentials: ImsCredentials) => {
      asked.push(credentials)
      const next = tokens.shift()
      if (!next) throw new Error('no more tokens')
      return next
    },
  } as unknown as ImsClient
  return { ims, asked }
}

describe('AdobeTokenSource', () => {
  it('uses a given token without calling IMS, and cannot renew it without the secret', async () => {
    const tokens = source(undefined, 'given-token')
    expect(await tokens.prepare()).toBe('Using the IMS access token from adobe-access-token.')
    expect(tokens.current()).toBe('given-token')
    expect(tokens.given).toBe(true)
    expect(await tokens.renew('given-token', 'Flow Service')).toBeUndefined()
    expect(tokens.current()).toBe('given-token')
    expect(emulator.requests).toEqual([])
    expect(lines).toEqual([])
  })

  it('mints a token when none was given', async () => {
    const tokens = source(DEMO.adobe.clientSecret)
    expect(await tokens.prepare()).toBe(`Minted an IMS access token for client ${DEMO.adobe.clientId}, valid for 24 h.`)
    expect(tokens.current()).toMatch(/^eyJ/)
    expect(tokens.given).toBe(false)
    expect(stack.masked).toContain(tokens.current())
  })

  it('renews once, by minting, when the secret is known', async () => {
    const tokens = source(DEMO.adobe.clientSecret, 'given-token')
    await tokens.prepare()
    const renewed = await tokens.renew('given-token', 'Flow Service')
    expect(renewed).toMatch(/^eyJ/)
    expect(tokens.current()).toBe(renewed)
    expect(tokens.given).toBe(false)
    expect(lines).toEqual(['Flow Service rejected the given IMS access token; minting a new one.'])
    // The renewed token refused too: there is no other.
    expect(await tokens.renew(renewed!, 'Flow Service')).toBeUndefined()
    // A request sent with the old token before the renewal gets the new one, without a new mint.
    expect(await tokens.renew('given-token', 'Catalog')).toBe(renewed)
    expect(tokens.current()).toBe(renewed)
    expect(emulator.requests.filter((request) => request.service === 'ims')).toHaveLength(1)
  })

  it('says a minted token was rejected when it renews one it minted', async () => {
    const { ims, asked } = fakeIms([{ accessToken: 'first' }, { accessToken: 'second', expiresInSeconds: 7200 }])
    const tokens = new AdobeTokenSource(ims, { clientId: 'c', clientSecret: 's', scopes: ['openid'] }, (line) =>
      lines.push(line),
    )
    expect(await tokens.prepare()).toBe('Minted an IMS access token for client c.')
    expect(await tokens.renew('first', 'Data Prep')).toBe('second')
    expect(lines).toEqual(['Data Prep rejected the minted IMS access token; minting a new one.'])
    expect(asked).toEqual([
      { clientId: 'c', clientSecret: 's', scopes: ['openid'] },
      { clientId: 'c', clientSecret: 's', scopes: ['openid'] },
    ])
  })

  it('renews once for requests refused at the same time, and gives each the new token', async () => {
    const { ims, asked } = fakeIms([{ accessToken: 'first' }, { accessToken: 'second' }])
    const tokens = new AdobeTokenSource(ims, { clientId: 'c', clientSecret: 's', scopes: [] }, (line) =>
      lines.push(line),
    )
    await tokens.prepare()
    const renewed = await Promise.all([
      tokens.renew('first', 'Flow Service'),
      tokens.renew('first', 'Catalog'),
      tokens.renew('first', 'Flow Service'),
    ])
    expect(renewed).toEqual(['second', 'second', 'second'])
    expect(asked).toHaveLength(2)
    expect(lines).toEqual(['Flow Service rejected the minted IMS access token; minting a new one.'])
  })

  it('says how long a minted token lasts, in hours', async () => {
    const { ims } = fakeIms([{ accessToken: 't', expiresInSeconds: 5400 }])
    const tokens = new AdobeTokenSource(ims, { clientId: 'c', clientSecret: 's', scopes: [] }, () => undefined)
    expect(await tokens.prepare()).toBe('Minted an IMS access token for client c, valid for 2 h.')
  })

  it('renews only once, even when the renewal failed', async () => {
    const tokens = source('not-the-secret', 'given-token')
    await tokens.prepare()
    const error = await actionErrorOf(tokens.renew('given-token', 'Flow Service'))
    expect(error.facts).toMatchObject({ service: 'Adobe IMS', code: 'invalid_client' })
    expect(await tokens.renew('given-token', 'Flow Service')).toBeUndefined()
    expect(tokens.current()).toBe('given-token')
  })

  it('cannot be used before it is prepared, nor mint without the secret', async () => {
    const tokens = source(undefined)
    expect(() => tokens.current()).toThrow('the IMS access token was used before it was prepared')
    expect(((await rejectionOf(tokens.prepare())) as Error).message).toBe(
      'minting an IMS token needs adobe-client-secret',
    )
    expect(emulator.requests).toEqual([])
  })
})
