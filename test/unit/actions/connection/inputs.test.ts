import { describe, expect, it } from 'vitest'
import {
  CONNECTION_INPUTS,
  IF_EXISTS_MODES,
  readConfig,
  SECRET_INPUTS,
  VERIFY_MODES,
  type InputName,
} from '../../../../src/actions/connection/inputs.js'
import { DEFAULT_ADOBE_SCOPES } from '../../../../src/adobe/inputs.js'
import { ActionError } from '../../../../src/core/errors.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { INVALID_INPUTS } from '../../../support/invalid-inputs.js'

const VALID: Partial<Record<InputName, string>> = {
  'adobe-client-id': '5f0d3c1e8a9b4d7e9c2a6b1f0e3d4c5a',
  'adobe-client-secret': 'p8e-secret+/=',
  'adobe-org-id': '7A1C3E5F9B2D4068ACE13579@AdobeOrg',
  'hubspot-client-id': '6f1c2e3a-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
  'hubspot-client-secret': 'hs-secret',
  'hubspot-refresh-token': 'na1-refresh',
}

function read(overrides: Partial<Record<InputName, string>> = {}, masked: string[] = []) {
  const inputs: Record<string, string | undefined> = { ...VALID, ...overrides }
  return readConfig((name) => inputs[name] ?? '', new SecretRegistry((value) => masked.push(value)))
}

function errorOf(overrides: Partial<Record<InputName, string>>): string {
  try {
    read(overrides)
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).facts.kind).toBe('input')
    return (error as ActionError).message
  }
  throw new Error('expected the inputs to be rejected')
}

describe('the connection inputs', () => {
  it('are the Adobe inputs, the HubSpot credentials, and the connection settings', () => {
    expect(Object.keys(CONNECTION_INPUTS().shape)).toEqual([
      'adobe-client-id',
      'adobe-client-secret',
      'adobe-access-token',
      'adobe-org-id',
      'adobe-scopes',
      'sandbox-name',
      'hubspot-client-id',
      'hubspot-client-secret',
      'hubspot-refresh-token',
      'hubspot-access-token',
      'connection-name',
      'connection-description',
      'if-exists',
      'verify',
      'dry-run',
      'timeout-seconds',
      'platform-url',
      'ims-url',
      'hubspot-url',
    ])
    expect(IF_EXISTS_MODES).toEqual(['reuse', 'update', 'fail', 'create'])
    expect(VERIFY_MODES).toEqual(['none', 'connection', 'explore'])
  })

  it('mask every input that holds a secret', () => {
    expect([...SECRET_INPUTS].sort()).toEqual([
      'adobe-access-token',
      'adobe-client-secret',
      'hubspot-access-token',
      'hubspot-client-secret',
      'hubspot-refresh-token',
    ])
    for (const name of SECRET_INPUTS) expect(Object.keys(CONNECTION_INPUTS().shape)).toContain(name)
  })
})

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    const config = read()
    expect(config).toMatchObject({
      sandboxName: 'prod',
      connectionName: 'HubSpot',
      ifExists: 'reuse',
      verify: 'connection',
      dryRun: false,
      timeoutSeconds: 300,
      urls: {
        platform: 'https://platform.adobe.io',
        ims: 'https://ims-na1.adobelogin.com',
        hubspot: 'https://api.hubapi.com',
      },
    })
    expect(config.adobe.scopes).toEqual(DEFAULT_ADOBE_SCOPES.split(','))
    expect(config.connectionDescription).toBeUndefined()
    expect(config.hubspot.accessToken).toBeUndefined()
    expect(config.adobe.accessToken).toBeUndefined()
  })

  it('reads every input into the typed config', () => {
    const config = read({
      'adobe-access-token': 'ims-token',
      'adobe-scopes': 'openid, AdobeID',
      'sandbox-name': 'dev-2',
      'hubspot-access-token': 'hs-access',
      'connection-name': 'HubSpot, "EU" & co = ünïcode',
      'connection-description': 'line one\nline two',
      'if-exists': 'update',
      verify: 'explore',
      'dry-run': 'True',
      'timeout-seconds': '42',
      'platform-url': 'http://127.0.0.1:8080/',
      'ims-url': 'http://localhost:9000',
      'hubspot-url': 'http://[::1]:7000/prefix/',
    })
    expect(config).toEqual({
      adobe: {
        clientId: VALID['adobe-client-id'],
        accessToken: 'ims-token',
        clientSecret: 'p8e-secret+/=',
        orgId: VALID['adobe-org-id'],
        scopes: ['openid', 'AdobeID'],
      },
      sandboxName: 'dev-2',
      hubspot: {
        clientId: VALID['hubspot-client-id'],
        clientSecret: 'hs-secret',
        refreshToken: 'na1-refresh',
        accessToken: 'hs-access',
      },
      connectionName: 'HubSpot, "EU" & co = ünïcode',
      connectionDescription: 'line one\nline two',
      ifExists: 'update',
      verify: 'explore',
      dryRun: true,
      timeoutSeconds: 42,
      urls: { platform: 'http://127.0.0.1:8080', ims: 'http://localhost:9000', hubspot: 'http://[::1]:7000/prefix' },
    })
  })

  it('masks every secret input before validating anything', () => {
    const masked: string[] = []
    expect(() =>
      read({ 'adobe-org-id': 'bad', 'adobe-access-token': 'tok', 'hubspot-access-token': 'hs-tok' }, masked),
    ).toThrow(ActionError)
    for (const secret of ['p8e-secret+/=', 'tok', 'hs-secret', 'na1-refresh', 'hs-tok'])
      expect(masked).toContain(secret)
    expect(masked).toContain(encodeURIComponent('p8e-secret+/='))
    expect(masked).not.toContain(VALID['adobe-client-id'])
  })

  it('accepts a ready Adobe token instead of the client secret', () => {
    const config = read({ 'adobe-client-secret': '', 'adobe-access-token': 'ims-token' })
    expect(config.adobe.clientSecret).toBeUndefined()
    expect(config.adobe.accessToken).toBe('ims-token')
  })

  for (const value of ['true', 'True', 'TRUE']) {
    it(`reads dry-run ${value} as true`, () => expect(read({ 'dry-run': value }).dryRun).toBe(true))
  }
  for (const value of ['false', 'False', 'FALSE', '']) {
    it(`reads dry-run ${JSON.stringify(value)} as false`, () => expect(read({ 'dry-run': value }).dryRun).toBe(false))
  }
  for (const mode of IF_EXISTS_MODES) {
    it(`reads if-exists ${mode}`, () => expect(read({ 'if-exists': mode }).ifExists).toBe(mode))
  }
  for (const mode of VERIFY_MODES) {
    it(`reads verify ${mode}`, () => expect(read({ verify: mode }).verify).toBe(mode))
  }

  it('accepts a timeout from 1 s to 6 hours', () => {
    expect(read({ 'timeout-seconds': '1' }).timeoutSeconds).toBe(1)
    expect(read({ 'timeout-seconds': '21600' }).timeoutSeconds).toBe(21600)
    expect(errorOf({ 'timeout-seconds': '21601' })).toMatch(/from 1 to 21600 \(6 hours\); got "21601"/)
  })

  it('accepts a name of 256 characters', () => {
    expect(read({ 'connection-name': 'x'.repeat(256) }).connectionName).toHaveLength(256)
  })

  for (const { title, overrides, input, rule } of INVALID_INPUTS) {
    it(`rejects ${title}, naming ${input}`, () => {
      const message = errorOf(overrides)
      const line = message.split('\n').find((l) => l.startsWith(`- input '${input}':`))
      expect(line, message).toBeDefined()
      expect(line).toMatch(rule)
      expect(message).toMatch(/no request was sent/)
    })
  }

  it('reports every invalid input at once, one line each', () => {
    const message = errorOf({ 'sandbox-name': 'PROD', verify: 'all', 'dry-run': 'maybe' })
    expect(message).toMatch(/^3 inputs are invalid/)
    expect(message.split('\n').filter((line) => line.startsWith('- input'))).toHaveLength(3)
  })

  it('reports the missing Adobe secret together with the other invalid inputs', () => {
    const message = errorOf({ 'adobe-client-secret': '', 'sandbox-name': 'PROD' })
    expect(message).toMatch(/^2 inputs are invalid/)
    expect(message).toContain("- input 'adobe-client-secret': is empty, and so is adobe-access-token")
  })

  it('reports the missing Adobe secret beside an invalid mode too', () => {
    const message = errorOf({ 'adobe-client-secret': '', verify: 'all' })
    expect(message).toMatch(/^2 inputs are invalid/)
    expect(message).toContain("- input 'verify': must be one of none, connection, explore")
    expect(message).toContain("- input 'adobe-client-secret': is empty, and so is adobe-access-token")
  })

  it('accepts an @ in a URL path', () => {
    expect(read({ 'platform-url': 'https://gateway.example/team@aep' }).urls.platform).toBe(
      'https://gateway.example/team@aep',
    )
  })

  it('never quotes a URL that carries credentials', () => {
    const message = errorOf({
      'platform-url': 'http://user:s3cret-pass@platform.example',
      'ims-url': 'user:s3cret-pass@x',
    })
    expect(message).not.toContain('s3cret-pass')
    expect(message).toContain("- input 'platform-url': must not contain credentials")
  })

  it('never quotes a secret in an error', () => {
    const message = errorOf({ 'hubspot-refresh-token': 'sekret\u0001value' })
    expect(message).not.toContain('sekret')
  })
})
