import { describe, expect, it } from 'vitest'
import { ProxyAgent } from '../../../src/vendor/undici-stub.js'

describe('the undici stub', () => {
  it('refuses to construct a ProxyAgent, saying why', () => {
    expect(() => new ProxyAgent()).toThrow(
      'undici is not bundled with this action: HttpClient.getAgentDispatcher() is not supported',
    )
  })
})
