import { describe, expect, it } from 'vitest'
import { registerProxyCredentials, SecretRegistry, secretForms } from '../../src/secrets.js'

describe('secretForms', () => {
  it('covers the raw, JSON-escaped and URL-encoded forms', () => {
    const secret = 'a+b/c=d%e&f "g\\hé'
    const forms = secretForms(secret)
    expect(forms).toContain(secret)
    expect(forms).toContain(JSON.stringify(secret).slice(1, -1))
    expect(forms).toContain(encodeURIComponent(secret))
    expect(forms).toContain(new URLSearchParams({ x: secret }).toString().slice(2))
  })

  it('adds each line of a multi-line secret, since the runner masks line by line', () => {
    expect(secretForms('first line\nsecond line')).toEqual(expect.arrayContaining(['first line', 'second line']))
  })

  it('does not repeat forms that are the same', () => {
    expect(secretForms('plain')).toEqual(['plain'])
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
    expect(masked).toEqual(['x y', 'x%20y', 'x+y'])
  })

  it('scrubs every form from server text, longest first', () => {
    const registry = new SecretRegistry(() => undefined)
    registry.register('tok')
    registry.register('tok+en/=')
    const text = `a tok+en/= b ${encodeURIComponent('tok+en/=')} c ${JSON.stringify({ t: 'tok' })}`
    expect(registry.scrub(text)).toBe('a *** b *** c {"t":"***"}')
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
})
