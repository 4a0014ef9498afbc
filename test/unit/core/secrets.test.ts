import { describe, expect, it } from 'vitest'
import { registerProxyCredentials, SecretRegistry, secretForms } from '../../../src/core/secrets.js'

describe('secretForms', () => {
  it('covers the raw, JSON-escaped and URL-encoded forms', () => {
    const secret = 'a+b/c=d%e&f "g\\hé'
    const forms = secretForms(secret)
    expect(forms).toContain(secret)
    expect(forms).toContain(JSON.stringify(secret).slice(1, -1))
    expect(forms).toContain(encodeURIComponent(secret))
    expect(forms).toContain(new URLSearchParams({ x: secret }).toString().slice(2))
  })

  it('covers lowercase percent escapes too', () => {
    const forms = secretForms('a/b é')
    expect(forms).toContain('a%2Fb%20%C3%A9')
    expect(forms).toContain('a%2fb%20%c3%a9')
    expect(forms).toContain('a%2fb+%c3%a9')
  })

  it('adds each line of a multi-line secret, since the runner masks line by line', () => {
    expect(secretForms('first line\nsecond line')).toEqual(expect.arrayContaining(['first line', 'second line']))
    expect(secretForms('first part\r\n\r\n  \nsecond part')).toEqual(
      expect.arrayContaining(['first part', 'second part']),
    )
    expect(secretForms('first part\r\n\r\n  \nsecond part')).not.toContain('  ')
  })

  it('leaves out lines too short to mean a secret, which would hide common words', () => {
    expect(secretForms('eyJ-bad\ntoken')).not.toContain('token')
  })

  it('adds base64 and base64url forms, JSON escaped twice, and HTML-escaped', () => {
    const secret = 'a"b<c>&d\\é?~'
    const forms = secretForms(secret)
    expect(forms).toEqual(
      expect.arrayContaining([
        Buffer.from(secret).toString('base64'),
        Buffer.from(secret).toString('base64').replace(/=+$/, ''),
        Buffer.from(secret).toString('base64url'),
        JSON.stringify(JSON.stringify(secret)).slice(3, -3),
        'a&quot;b&lt;c&gt;&amp;d\\é?~',
      ]),
    )
  })

  it('adds the secret with its whitespace collapsed', () => {
    expect(secretForms('a \n\t b')).toContain('a b')
  })

  it('does not repeat forms that are the same', () => {
    expect(secretForms('plain')).toEqual(['plain', 'cGxhaW4=', 'cGxhaW4'])
  })
})

describe('SecretRegistry', () => {
  it('masks each form once, the moment a secret is registered', () => {
    const masked: string[] = []
    const registry = new SecretRegistry((value) => masked.push(value))
    registry.register('x y')
    registry.register('x y')
    registry.register(undefined)
    registry.register('')
    expect(masked).toEqual(['x y', 'x%20y', 'x+y', 'eCB5'])
  })

  it('masks and scrubs a client ID and secret as a Basic header carries them', () => {
    const masked: string[] = []
    const registry = new SecretRegistry((value) => masked.push(value))
    registry.registerBasicCredentials('client', 's3cret')
    registry.registerBasicCredentials('client', undefined)
    const basic = Buffer.from('client:s3cret').toString('base64')
    expect(masked).toContain(basic)
    expect(registry.scrub(`Authorization: Basic ${basic}`)).toBe('Authorization: Basic ***')
  })

  it('scrubs every form from server text, longest first', () => {
    const registry = new SecretRegistry(() => undefined)
    registry.register('tok')
    registry.register('tok+en/=')
    const text = `a tok+en/= b ${encodeURIComponent('tok+en/=')} c ${JSON.stringify({ t: 'tok' })}`
    expect(registry.scrub(text)).toBe('a *** b *** c {"t":"***"}')
  })

  it('scrubs nothing when it knows no secret', () => {
    expect(new SecretRegistry(() => undefined).scrub('all *** clear')).toBe('all *** clear')
  })
})

describe('registerProxyCredentials', () => {
  it('masks proxy URLs and their passwords', () => {
    const masked: string[] = []
    registerProxyCredentials(new SecretRegistry((value) => masked.push(value)), {
      HTTPS_PROXY: 'http://user:p%40ss@proxy.example:8080',
      http_proxy: 'proxy.example:3128',
    })
    expect(masked).toEqual(
      expect.arrayContaining(['http://user:p%40ss@proxy.example:8080', 'p@ss', 'proxy.example:3128']),
    )
  })

  it('reads all four variables, a password without a scheme, and values that are not URLs', () => {
    const registry = new SecretRegistry(() => undefined)
    registerProxyCredentials(registry, {
      https_proxy: 'u:one@a.example',
      HTTPS_PROXY: 'http://u:two@b.example',
      http_proxy: 'http://u:three@c.example',
      HTTP_PROXY: 'http://[not a url',
      NO_PROXY: 'not-a-secret.example',
    })
    expect(registry.scrub('one two three http://[not a url not-a-secret.example')).toBe(
      '*** *** *** *** not-a-secret.example',
    )
  })

  it('masks nothing when no proxy is set, and reads process.env by default', () => {
    const masked: string[] = []
    registerProxyCredentials(new SecretRegistry((value) => masked.push(value)), { HTTPS_PROXY: '' })
    expect(masked).toEqual([])
    expect(() => registerProxyCredentials(new SecretRegistry(() => undefined))).not.toThrow()
  })
})
