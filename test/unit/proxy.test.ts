import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Deadline } from '../../src/deadline.js'
import { Http } from '../../src/http.js'
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js'

// A target on 127.0.0.1 behind a CONNECT proxy. The request names a host that does not resolve
// (service.test): only the proxy can reach it, so an answer proves the request went through it.
let target: Server
let proxy: ConnectProxy
let targetPort: number
let proxyUrl: string

beforeAll(async () => {
  target = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"proxy"}'),
  )
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetPort = (target.address() as AddressInfo).port
  proxy = await startConnectProxy()
  proxyUrl = `http://proxy-user:proxy-pass@127.0.0.1:${proxy.port}`
})

afterAll(async () => {
  await proxy.close()
  await new Promise((resolve) => target.close(resolve))
})

describe('proxies', () => {
  it('sends requests through HTTP_PROXY, with its credentials, by CONNECT', async () => {
    const saved = process.env['HTTP_PROXY']
    process.env['HTTP_PROXY'] = proxyUrl
    try {
      const response = await new Http(new Deadline(5000)).send({
        service: 'Flow Service',
        operation: 'test call',
        method: 'GET',
        url: `http://service.test:${targetPort}/x`,
        headers: {},
      })
      expect(response.status).toBe(200)
      expect(response.body).toBe('{"via":"proxy"}')
      expect(proxy.connects).toEqual([
        {
          authority: `service.test:${targetPort}`,
          authorization: `Basic ${Buffer.from('proxy-user:proxy-pass').toString('base64')}`,
        },
      ])
    } finally {
      if (saved === undefined) delete process.env['HTTP_PROXY']
      else process.env['HTTP_PROXY'] = saved
    }
  })
})
