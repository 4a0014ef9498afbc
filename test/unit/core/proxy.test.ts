import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Deadline } from '../../../src/core/deadline.js'
import { ActionError } from '../../../src/core/errors.js'
import { HttpTransport, TransportError, type HttpRequest } from '../../../src/core/transport.js'
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy.js'
import { rejectionOf } from '../helpers/stack.js'

// A target on 127.0.0.1 behind a CONNECT proxy. The request names a host that does not resolve
// (service.test): only the proxy can reach it, so an answer proves the request went through it.
let target: Server
let proxy: ConnectProxy
/** A proxy that answers every CONNECT with 502. */
let failing: Server
const failingSockets = new Set<Socket>()
/** A proxy that hangs up on every CONNECT. */
let hangingUp: Server
let targetPort: number

beforeAll(async () => {
  target = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"proxy"}'),
  )
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetPort = (target.address() as AddressInfo).port
  proxy = await startConnectProxy()
  failing = createServer((_req, res) => res.writeHead(405).end())
  failing.on('connect', (_req, client: Socket) => {
    failingSockets.add(client)
    client.on('error', () => undefined)
    client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
  })
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve))
  hangingUp = createServer((_req, res) => res.writeHead(405).end())
  hangingUp.on('connect', (_req, client: Socket) => client.destroy())
  await new Promise<void>((resolve) => hangingUp.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  await proxy.close()
  for (const socket of failingSockets) socket.destroy()
  await new Promise((resolve) => failing.close(resolve))
  await new Promise((resolve) => hangingUp.close(resolve))
  await new Promise((resolve) => target.close(resolve))
})

const saved = { HTTP_PROXY: process.env['HTTP_PROXY'], http_proxy: process.env['http_proxy'] }
afterEach(() => {
  vi.useRealTimers()
  proxy.mode = 'tunnel'
  proxy.connects.length = 0
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function useProxy(url: string): void {
  delete process.env['http_proxy']
  process.env['HTTP_PROXY'] = url
}

const request = (): HttpRequest => ({
  service: 'Flow Service',
  operation: 'test call',
  method: 'GET',
  url: `http://service.test:${targetPort}/x`,
  headers: {},
  resend: 'idempotent',
})

const send = (deadline = new Deadline(5000)) => new HttpTransport(deadline, () => undefined).send(request())

describe('proxies', () => {
  it('sends requests through HTTP_PROXY, with its credentials, by CONNECT', async () => {
    useProxy(`http://proxy-user:proxy-pass@127.0.0.1:${proxy.port}`)
    const response = await send()
    expect(response.status).toBe(200)
    expect(response.body).toBe('{"via":"proxy"}')
    expect(proxy.connects).toEqual([
      {
        authority: `service.test:${targetPort}`,
        authorization: `Basic ${Buffer.from('proxy-user:proxy-pass').toString('base64')}`,
      },
    ])
  })

  it('reports a 407 as a credentials problem of the proxy, never retried, without its address', async () => {
    proxy.mode = 'refuse-407'
    useProxy(`http://proxy-user:wrong-pass@127.0.0.1:${proxy.port}`)
    const error = (await rejectionOf(send())) as ActionError
    expect(error).toBeInstanceOf(ActionError)
    expect(error).not.toBeInstanceOf(TransportError)
    expect(error.message).toBe('the proxy refused the connection: 407 Proxy Authentication Required')
    expect(error.facts).toMatchObject({ kind: 'auth', service: 'Flow Service', operation: 'test call' })
    expect(error.facts.hint).toMatch(/HTTPS_PROXY \/ HTTP_PROXY/)
    expect(JSON.stringify(error.facts)).not.toContain('wrong-pass')
  })

  it('reports another status of the proxy as a transport error that never reached the service', async () => {
    useProxy(`http://127.0.0.1:${(failing.address() as AddressInfo).port}`)
    const error = (await rejectionOf(send())) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.message).toBe('could not connect through the proxy (the proxy answered 502)')
    expect(error.mayHaveReachedServer).toBe(false)
    expect(error.facts.hint).toMatch(/HTTPS_PROXY \/ HTTP_PROXY/)
  })

  it('reports a proxy that hangs up on CONNECT as a network error', async () => {
    useProxy(`http://127.0.0.1:${(hangingUp.address() as AddressInfo).port}`)
    const error = (await rejectionOf(send())) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.message).toBe('could not connect through the proxy (network error)')
    expect(error.mayHaveReachedServer).toBe(false)
  })

  it('reports a proxy that cannot be reached, without its address', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    useProxy(`http://user:pw-123@127.0.0.1:${port}`)
    const error = (await rejectionOf(send())) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.message).toBe('could not connect through the proxy (ECONNREFUSED)')
    expect(error.message).not.toContain(String(port))
    expect(error.mayHaveReachedServer).toBe(false)
  })

  it('abandons a proxy that never answers CONNECT at the attempt timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    proxy.mode = 'silent'
    useProxy(`http://127.0.0.1:${proxy.port}`)
    const pending = rejectionOf(send(new Deadline(100_000, () => 0)))
    while (proxy.connects.length === 0) await new Promise((resolve) => setImmediate(resolve))
    vi.advanceTimersByTime(30_000)
    const error = (await pending) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.message).toBe('no answer within 30 s')
    expect(error.facts.kind).toBe('timeout')
  })
})
