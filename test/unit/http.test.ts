import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Deadline } from '../../src/deadline.js'
import { ActionError } from '../../src/errors.js'
import { Http, TransportError, type HttpRequest } from '../../src/http.js'

let server: Server
let base: string
const sockets = new Set<import('node:net').Socket>()

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    if (req.url === '/stall') return // never answers
    if (req.url === '/reset') return void req.socket.destroy()
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end()
    if (req.url === '/half') {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"partial":')
      setTimeout(() => req.socket.destroy(), 20)
      return
    }
    res.writeHead(404).end()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => server.close(resolve))
})

const request = (path: string): HttpRequest => ({
  service: 'Flow Service',
  operation: 'test call',
  method: 'GET',
  url: `${base}${path}`,
  headers: {},
})

describe('Http', () => {
  it('returns status, headers and body', async () => {
    const response = await new Http(new Deadline(5000)).send(request('/ok'))
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json')
    expect(response.body).toBe('{"ok":true}')
  })

  it('does not follow redirects', async () => {
    const response = await new Http(new Deadline(5000)).send(request('/redirect'))
    expect(response.status).toBe(302)
  })

  it('ends a stalled call at the deadline, saying what it waited for', async () => {
    const started = Date.now()
    const error = await new Http(new Deadline(300)).send(request('/stall')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).facts.kind).toBe('timeout')
    expect((error as Error).message).toMatch(/ran out of time .* waiting for Flow Service to answer "test call"/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('fails before sending when no time is left', async () => {
    const deadline = new Deadline(0)
    await expect(new Http(deadline).send(request('/ok'))).rejects.toThrow(/ran out of time/)
  })

  it('reports a reset as a transport error that may have reached the server', async () => {
    const error = await new Http(new Deadline(5000)).send(request('/reset')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).mayHaveReachedServer).toBe(true)
    expect((error as Error).message).toMatch(/connection reset|socket hang up/)
  })

  it('reports a connection cut mid-answer', async () => {
    const error = await new Http(new Deadline(5000)).send(request('/half')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
  })

  it('reports a refused connection as never sent', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const error = await new Http(new Deadline(5000))
      .send({ ...request('/ok'), url: `http://127.0.0.1:${port}/ok` })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).mayHaveReachedServer).toBe(false)
    expect((error as Error).message).toMatch(/connection refused \(ECONNREFUSED\)/)
  })
})

describe('Deadline', () => {
  it('gives each attempt half of what is left, at least 2 s and at most 30 s, never past the deadline', () => {
    let now = 0
    const deadline = new Deadline(100_000, () => now)
    expect(deadline.attemptTimeoutMs()).toBe(30_000)
    now = 80_000
    expect(deadline.attemptTimeoutMs()).toBe(10_000)
    now = 97_000
    expect(deadline.attemptTimeoutMs()).toBe(2_000)
    now = 99_000
    expect(deadline.attemptTimeoutMs()).toBe(1_000)
    now = 200_000
    expect(deadline.remainingMs()).toBe(0)
    expect(() => deadline.ensureTimeFor('IMS')).toThrow(/timeout-seconds: 100\) while waiting for IMS/)
  })
})
