import { createServer, type IncomingMessage, type Server } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Deadline } from '../../../src/core/deadline.js'
import { ActionError } from '../../../src/core/errors.js'
import { HttpTransport, TransportError, type HttpRequest } from '../../../src/core/transport.js'
import { rejectionOf } from '../helpers/stack.js'

let server: Server
let base: string
const sockets = new Set<Socket>()
/** Requests the server received, and a hook for a test that waits for one to arrive. */
const received: IncomingMessage[] = []
let onRequest: (() => void) | undefined

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req)
    onRequest?.()
    if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    if (req.url === '/echo') {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () =>
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ method: req.method, headers: req.headers, body })),
      )
      return
    }
    if (req.url === '/stall') return // never answers
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 150)
    if (req.url === '/reset') return void req.socket.resetAndDestroy()
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end()
    if (req.url === '/half') {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"partial":', () => req.socket.destroy())
      return
    }
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const pump = () => {
        while (sent < 8 && !res.destroyed) {
          sent++
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      res.on('error', () => undefined)
      pump()
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
afterEach(() => {
  vi.useRealTimers()
  onRequest = undefined
})

const request = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  service: 'Flow Service',
  operation: 'test call',
  method: 'GET',
  url: `${base}${path}`,
  headers: {},
  resend: 'idempotent',
  ...extra,
})

function transport(deadline = new Deadline(10_000), idleConnectionMs?: number) {
  const debug: string[] = []
  return { transport: new HttpTransport(deadline, (line) => debug.push(line), idleConnectionMs), debug }
}

/** Resolves when the test server has received the next request. */
function nextRequest(): Promise<void> {
  return new Promise((resolve) => (onRequest = resolve))
}

/**
 * The server's sockets, in the order it accepted them, while `fn` runs. The server keeps idle
 * connections for a minute meanwhile (Node's own 5 s could close them first), so that only the
 * client can be what closes one.
 */
async function accepted(fn: (mine: Socket[]) => Promise<void>): Promise<void> {
  const mine: Socket[] = []
  const count = (socket: Socket) => mine.push(socket)
  const keepAliveTimeout = server.keepAliveTimeout
  server.keepAliveTimeout = 60_000
  server.on('connection', count)
  try {
    await fn(mine)
  } finally {
    server.off('connection', count)
    server.keepAliveTimeout = keepAliveTimeout
  }
}

describe('HttpTransport', () => {
  it('returns status, headers and body, and logs the status and time at debug level', async () => {
    const { transport: t, debug } = transport()
    const response = await t.send(request('/ok'))
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json')
    expect(response.body).toBe('{"ok":true}')
    expect(debug).toHaveLength(1)
    expect(debug[0]).toMatch(/^GET \/ok answered 200 in \d+ ms$/)
  })

  it('sends the method, headers and body it is given, with its user agent', async () => {
    const { transport: t } = transport()
    const response = await t.send(
      request('/echo', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-a': 'b' }, body: 'hello' }),
    )
    const echoed = JSON.parse(response.body) as { method: string; headers: Record<string, string>; body: string }
    expect(echoed).toMatchObject({
      method: 'POST',
      headers: { 'x-a': 'b', 'user-agent': 'hubspot-aep-connection-action' },
      body: 'hello',
    })
  })

  it('never logs a query, a body or a header', async () => {
    const { transport: t, debug } = transport()
    await t.send(
      request('/echo?token=sekret', { method: 'POST', headers: { authorization: 'Bearer sekret' }, body: 'sekret' }),
    )
    expect(debug.join('\n')).not.toContain('sekret')
  })

  it('does not follow redirects', async () => {
    const { transport: t } = transport()
    const response = await t.send(request('/redirect'))
    expect(response.status).toBe(302)
    expect(response.headers['location']).toBe('https://elsewhere.example/')
  })

  it('ends a stalled call at the deadline, saying what it waited for', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let now = 0
    const { transport: t } = transport(new Deadline(300, () => now))
    const arrived = nextRequest()
    const pending = rejectionOf(t.send(request('/stall')))
    await arrived
    now = 300
    vi.advanceTimersByTime(300)
    const error = await pending
    expect(error).toBeInstanceOf(ActionError)
    expect(error).not.toBeInstanceOf(TransportError)
    expect((error as ActionError).facts.kind).toBe('timeout')
    expect((error as Error).message).toBe(
      'the step ran out of time (timeout-seconds: 0) while waiting for Flow Service to answer "test call"',
    )
  })

  it('ends a stalled attempt at its own timeout while the deadline still has time, as a timeout that may have reached the server', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { transport: t } = transport(new Deadline(100_000, () => 0))
    const arrived = nextRequest()
    const pending = rejectionOf(t.send(request('/stall')))
    await arrived
    vi.advanceTimersByTime(30_000)
    const error = (await pending) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.message).toBe('no answer within 30 s')
    expect(error.mayHaveReachedServer).toBe(true)
    expect(error.facts).toMatchObject({ kind: 'timeout', service: 'Flow Service', operation: 'test call' })
    expect(error.request.url).toBe(`${base}/stall`)
  })

  it('gives an attempt half of what is left of the step', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { transport: t } = transport(new Deadline(20_000, () => 0))
    const arrived = nextRequest()
    const pending = rejectionOf(t.send(request('/stall')))
    await arrived
    vi.advanceTimersByTime(9_999)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(1)
    expect(((await pending) as Error).message).toBe('no answer within 10 s')
  })

  it('sends every request to one origin over one kept-alive connection, and closes it when told', () =>
    accepted(async (mine) => {
      const { transport: t } = transport()
      for (let i = 0; i < 3; i++) expect((await t.send(request('/ok'))).status).toBe(200)
      expect(mine).toHaveLength(1)
      const closed = new Promise((resolve) => mine[0]!.once('close', resolve))
      t.close()
      // The connection ends once the client lets go of it.
      await closed
    }))

  describe('a kept-alive connection left idle', () => {
    it('is closed after the idle time, and the next request opens a new one', () =>
      accepted(async (mine) => {
        const { transport: t } = transport(new Deadline(10_000), 30)
        try {
          expect((await t.send(request('/ok'))).status).toBe(200)
          // The client closes it: the server sees the end of the connection it accepted.
          await new Promise((resolve) => mine[0]!.once('close', resolve))
          expect((await t.send(request('/ok'))).status).toBe(200)
          expect(mine).toHaveLength(2)
        } finally {
          t.close()
        }
      }))

    it('is not closed while a request holds it, however long the answer takes', () =>
      accepted(async (mine) => {
        // The answer takes 150 ms, five times the idle time.
        const { transport: t } = transport(new Deadline(10_000), 30)
        try {
          expect((await t.send(request('/slow'))).status).toBe(200)
          expect((await t.send(request('/ok'))).status).toBe(200)
          expect(mine).toHaveLength(1)
        } finally {
          t.close()
        }
      }))
  })

  describe('preconnect', () => {
    const connected = (mine: Socket[], n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (mine.length >= n ? resolve() : setImmediate(check))
        check()
      })

    it('opens the connection before any request, and the first request is sent on it', async () => {
      await accepted(async (mine) => {
        const { transport: t } = transport()
        t.preconnect(`${base}/anything`)
        await connected(mine, 1)
        expect(received.filter((req) => req.socket === mine[0])).toHaveLength(0)
        for (let i = 0; i < 3; i++) expect((await t.send(request('/ok'))).status).toBe(200)
        expect(mine).toHaveLength(1)
        expect(received.filter((req) => req.socket === mine[0])).toHaveLength(3)
        t.close()
      })
    })

    it('opens as many as asked, for requests made at the same time', async () => {
      await accepted(async (mine) => {
        const { transport: t } = transport()
        t.preconnect(base, 3)
        await connected(mine, 3)
        const answers = await Promise.all([1, 2, 3].map(() => t.send(request('/ok'))))
        expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200])
        expect(mine).toHaveLength(3)
        t.close()
      })
    })

    it('closes a connection no request took when the transport closes', async () => {
      await accepted(async (mine) => {
        const { transport: t } = transport()
        t.preconnect(base)
        await connected(mine, 1)
        const closed = new Promise((resolve) => mine[0]!.once('close', resolve))
        t.close()
        await closed
        t.preconnect(base)
        await new Promise((resolve) => setImmediate(resolve))
        expect(mine).toHaveLength(1)
      })
    })

    it('drops a connection no request took within the idle time; the request then opens its own', async () => {
      await accepted(async (mine) => {
        const { transport: t } = transport(new Deadline(10_000), 30)
        t.preconnect(base)
        await connected(mine, 1)
        // Nothing is sent on it, so only the client's idle timeout can end it.
        await new Promise((resolve) => mine[0]!.once('close', resolve))
        expect((await t.send(request('/ok'))).status).toBe(200)
        expect(mine).toHaveLength(2)
        expect(received.filter((req) => req.socket === mine[0])).toHaveLength(0)
        t.close()
      })
    })

    it('reports a warm connection that was refused as a request never sent', async () => {
      const refusing = createTcpServer()
      await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
      const port = (refusing.address() as AddressInfo).port
      await new Promise((resolve) => refusing.close(resolve))
      const { transport: t } = transport()
      t.preconnect(`http://127.0.0.1:${port}`)
      const error = (await rejectionOf(
        t.send({ ...request('/ok'), url: `http://127.0.0.1:${port}/ok` }),
      )) as TransportError
      expect(error).toBeInstanceOf(TransportError)
      expect(error.message).toMatch(/connection refused \(ECONNREFUSED\)/)
      expect(error.mayHaveReachedServer).toBe(false)
      t.close()
    })
  })

  it('aborts each of two requests in flight at once on its own signal', async () => {
    const { transport: t } = transport(new Deadline(4_000))
    const stalled = rejectionOf(t.send(request('/stall')))
    const answered = await t.send(request('/ok'))
    expect(answered.status).toBe(200)
    expect(((await stalled) as Error).message).toBe('no answer within 2 s')
    t.close()
  })

  it('fails before sending when no time is left', async () => {
    const before = received.length
    const { transport: t } = transport(new Deadline(0))
    await expect(t.send(request('/ok'))).rejects.toThrow(
      'the step ran out of time (timeout-seconds: 0) while waiting for Flow Service to answer "test call"',
    )
    expect(received.length).toBe(before)
  })

  it('reports a reset as a transport error that may have reached the server', async () => {
    const { transport: t } = transport()
    const error = (await rejectionOf(t.send(request('/reset')))) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.mayHaveReachedServer).toBe(true)
    expect(error.message).toBe(`could not reach ${base}: connection reset (ECONNRESET)`)
    expect(error.facts).toMatchObject({ kind: 'transient', service: 'Flow Service', operation: 'test call' })
    expect(error.facts.hint).toMatch(/HTTPS_PROXY, NO_PROXY/)
  })

  it('reports a connection cut mid-answer', async () => {
    const { transport: t } = transport()
    const error = (await rejectionOf(t.send(request('/half')))) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.mayHaveReachedServer).toBe(true)
    expect(error.message).toBe(`could not reach ${base}: connection reset (ECONNRESET)`)
  })

  it('refuses an answer larger than 5 MB as an answer problem, not a network one', async () => {
    const { transport: t } = transport()
    const error = (await rejectionOf(t.send(request('/huge')))) as ActionError
    expect(error).not.toBeInstanceOf(TransportError)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe('answered with a body larger than 5 MB')
    expect(error.facts).toMatchObject({ kind: 'unexpected', service: 'Flow Service', status: 200 })
  })

  it('reports a refused connection as never sent', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const { transport: t } = transport()
    const error = (await rejectionOf(
      t.send({ ...request('/ok'), url: `http://127.0.0.1:${port}/ok` }),
    )) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.mayHaveReachedServer).toBe(false)
    expect(error.message).toBe(`could not reach http://127.0.0.1:${port}: connection refused (ECONNREFUSED)`)
  })

  it('reports an answer that is not HTTP as a network error that may have reached the server', async () => {
    const garbageSockets = new Set<Socket>()
    const garbage = createTcpServer((socket) => {
      garbageSockets.add(socket)
      socket.on('error', () => undefined)
      socket.end('this is not HTTP\r\n\r\n')
    })
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve))
    const port = (garbage.address() as AddressInfo).port
    try {
      const { transport: t } = transport()
      const error = (await rejectionOf(
        t.send({ ...request('/ok'), url: `http://127.0.0.1:${port}/ok` }),
      )) as TransportError
      expect(error).toBeInstanceOf(TransportError)
      expect(error.mayHaveReachedServer).toBe(true)
      expect(error.message).toMatch(
        new RegExp(`^could not reach http://127\\.0\\.0\\.1:${port}: network error \\(HPE_[A-Z_]+\\)$`),
      )
    } finally {
      for (const socket of garbageSockets) socket.destroy()
      await new Promise((resolve) => garbage.close(resolve))
    }
  })

  it('reports a host that does not resolve as never sent', async () => {
    const { transport: t } = transport()
    const error = (await rejectionOf(
      t.send({ ...request('/ok'), url: 'http://no-such-host.invalid/ok' }),
    )) as TransportError
    expect(error).toBeInstanceOf(TransportError)
    expect(error.mayHaveReachedServer).toBe(false)
    expect(error.message).toMatch(
      /^could not reach http:\/\/no-such-host\.invalid: host name not found \((ENOTFOUND|EAI_AGAIN)\)$/,
    )
  })
})
