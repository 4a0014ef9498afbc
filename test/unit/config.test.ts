import { describe, expect, it } from 'vitest'
import { DEFAULT_ADOBE_SCOPES, INPUT_NAMES, readConfig, type InputName } from '../../src/config.js'
import { ActionError } from '../../src/errors.js'
import { SecretRegistry } from '../../src/secrets.js'

const VALID: Partial<Record<InputName, string>> = {
  'adobe-client-id': '5f0d3c1e8a9b4d7e9c2a6b1f0e3d4c5a',
  'adobe-client-secret': 'p8e-secret+/=',
  'adobe-org-id': '7A1C3E5F9B2D4068ACE13579@AdobeOrg',
  'hubspot-client-id': '6f1c2e3a-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
  'hubspot-client-secret': 'hs-secret',
  'hubspot-refresh-token': 'na1-refresh',
}

function read(overrides: Partial<Record<InputName, string>> = {}, masked: string[] = []) {
  const inputs = { ...VALID, ...overrides }
  return readConfig((name) => inputs[name] ?? '', new SecretRegistry((value) => masked.push(value)))
}

function errorOf(overrides: Partial<Record<InputName, string>>): string {
  try {
    read(overrides)
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    return (error as ActionError).message
  }
  throw new Error('expected the inputs to be rejected')
}

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
    expect(config).toMatchObject({
      adobe: { accessToken: 'ims-token', clientSecret: 'p8e-secret+/=', scopes: ['openid', 'AdobeID'] },
      sandboxName: 'dev-2',
      hubspot: { accessToken: 'hs-access' },
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
      read(
        { 'adobe-org-id': 'bad', 'adobe-access-token': 'tok', 'hubspot-access-token': 'hs-tok' },
        masked,
      ),
    ).toThrow(ActionError)
    for (const secret of ['p8e-secret+/=', 'tok', 'hs-secret', 'na1-refresh', 'hs-tok']) expect(masked).toContain(secret)
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

  const invalid: Array<[string, Partial<Record<InputName, string>>, InputName, RegExp]> = [
    ['missing Adobe client id', { 'adobe-client-id': '' }, 'adobe-client-id', /is required/],
    ['Adobe client id with a space', { 'adobe-client-id': 'a b' }, 'adobe-client-id', /whitespace/],
    ['neither Adobe secret nor token', { 'adobe-client-secret': '' }, 'adobe-client-secret', /adobe-access-token.*forks and by Dependabot/s],
    ['missing org id', { 'adobe-org-id': '' }, 'adobe-org-id', /is required/],
    ['org id without suffix', { 'adobe-org-id': '7A1C3E5F9B2D4068ACE13579' }, 'adobe-org-id', /@AdobeOrg/],
    ['org id too short', { 'adobe-org-id': '7A1C3E5F9B2D4068ACE1357@AdobeOrg' }, 'adobe-org-id', /24 hexadecimal/],
    ['org id not hex', { 'adobe-org-id': 'ZZ1C3E5F9B2D4068ACE13579@AdobeOrg' }, 'adobe-org-id', /24 hexadecimal/],
    ['empty scope entry', { 'adobe-scopes': 'openid,,AdobeID' }, 'adobe-scopes', /no empty entries/],
    ['sandbox with capitals', { 'sandbox-name': 'Prod' }, 'sandbox-name', /lowercase/],
    ['sandbox starting with a digit', { 'sandbox-name': '1dev' }, 'sandbox-name', /start with a lowercase letter/],
    ['sandbox with underscore', { 'sandbox-name': 'my_sandbox' }, 'sandbox-name', /hyphens/],
    ['sandbox too long', { 'sandbox-name': `a${'b'.repeat(256)}` }, 'sandbox-name', /256/],
    ['missing HubSpot client id', { 'hubspot-client-id': '' }, 'hubspot-client-id', /is required/],
    ['missing HubSpot client secret', { 'hubspot-client-secret': '' }, 'hubspot-client-secret', /required but empty.*Dependabot/s],
    ['missing HubSpot refresh token', { 'hubspot-refresh-token': '' }, 'hubspot-refresh-token', /required but empty/],
    ['newline in a name', { 'connection-name': 'Hub\nSpot' }, 'connection-name', /control characters/],
    ['name too long', { 'connection-name': 'x'.repeat(257) }, 'connection-name', /256/],
    ['control character in a description', { 'connection-description': 'a\u0007b' }, 'connection-description', /control characters/],
    ['newline in a secret', { 'hubspot-client-secret': 'abc\ndef' }, 'hubspot-client-secret', /control characters/],
    ['unknown if-exists', { 'if-exists': 'replace' }, 'if-exists', /one of reuse, update, fail, create; got "replace"/],
    ['unknown verify', { verify: 'full' }, 'verify', /one of none, connection, explore/],
    ['non-boolean dry-run', { 'dry-run': 'yes' }, 'dry-run', /true or false; got "yes"/],
    ['zero timeout', { 'timeout-seconds': '0' }, 'timeout-seconds', /whole number of seconds from 1/],
    ['negative timeout', { 'timeout-seconds': '-5' }, 'timeout-seconds', /whole number/],
    ['non-numeric timeout', { 'timeout-seconds': 'ten' }, 'timeout-seconds', /whole number/],
    ['fractional timeout', { 'timeout-seconds': '1.5' }, 'timeout-seconds', /whole number/],
    ['malformed URL', { 'platform-url': 'platform.adobe.io' }, 'platform-url', /absolute URL/],
    ['http to a remote host', { 'ims-url': 'http://ims-na1.adobelogin.com' }, 'ims-url', /must use https/],
    ['http to a private address', { 'hubspot-url': 'http://10.0.0.5' }, 'hubspot-url', /must use https/],
    ['ftp URL', { 'platform-url': 'ftp://platform.adobe.io' }, 'platform-url', /must use https/],
    ['credentials in a URL', { 'platform-url': 'https://user:pw@platform.adobe.io' }, 'platform-url', /credentials/],
    ['query in a URL', { 'hubspot-url': 'https://api.hubapi.com?x=1' }, 'hubspot-url', /query/],
  ]
  for (const [title, overrides, input, rule] of invalid) {
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

  it('never quotes a secret in an error', () => {
    const message = errorOf({ 'hubspot-refresh-token': 'sekret\u0001value' })
    expect(message).not.toContain('sekret')
  })

})
