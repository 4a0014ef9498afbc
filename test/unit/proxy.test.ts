import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Deadline } from '../../src/deadline.js'
import { Http } from '../../src/http.js'

// A target and a CONNECT proxy, both on 127.0.0.1. The request names a host that does not resolve
// (service.test): only the proxy can reach it, so an answer proves the request went through it.
let target: Server
let proxy: Server
let targetPort: number
let proxyUrl: string
const connects: Array<{ authority: string; authorization: string | undefined }> = []
const sockets = new Set<Socket>()

beforeAll(async () => {
  target = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"proxy"}'),
  )
  proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push({ authority: req.url ?? '', authorization: req.headers['proxy-authorization'] })
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
    }
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  targetPort = (target.address() as AddressInfo).port
  proxyUrl = `http://proxy-user:proxy-pass@127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => proxy.close(resolve))
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
      expect(connects).toEqual([
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
