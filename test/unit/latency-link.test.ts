import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startLatencyLink, type LatencyLink } from '../support/latency-link.js'

// The benchmark's slow link (scripts/bench.ts): what it forwards, counts and closes. Nothing here
// measures time; the delay is checked by order only (a chunk through the link arrives after one
// sent later on a direct connection).

let servers: Server[] = []
let links: LatencyLink[] = []
let sockets: Socket[] = []

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  await Promise.all(links.map((link) => link.close()))
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  servers = []
  links = []
  sockets = []
})

/** A server on 127.0.0.1 that runs `onSocket` for each connection; resolves with its port. */
async function serve(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket)
    onSocket(socket)
  })
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** An upper-casing echo server: what comes back was through the server, not looped in the link. */
const upperEcho = (socket: Socket) => {
  socket.on('data', (chunk: Buffer) => socket.write(chunk.toString('latin1').toUpperCase(), 'latin1'))
  socket.on('end', () => socket.end())
}

async function link(targetPort: number, options: { delayMs?: number; maxQueuedBytes?: number } = {}) {
  const started = await startLatencyLink({ targetPort, delayMs: options.delayMs ?? 5, ...options })
  links.push(started)
  return started
}

function dial(port: number): Socket {
  const socket = connect({ host: '127.0.0.1', port })
  sockets.push(socket)
  return socket
}

/** Everything the socket receives until the other side ends it. */
async function readAll(socket: Socket): Promise<string> {
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  await once(socket, 'end')
  return Buffer.concat(chunks).toString('latin1')
}

describe('latency link', () => {
  it('forwards bytes both ways, in order, and the end after them', async () => {
    const l = await link(await serve(upperEcho))
    const client = dial(l.port)
    const received = readAll(client)
    client.write('hello, ')
    client.write('link')
    client.end()
    expect(await received).toBe('HELLO, LINK')
  })

  it('carries more than its queue bound, pausing the sender, and loses nothing', async () => {
    const l = await link(await serve(upperEcho), { delayMs: 1, maxQueuedBytes: 16 * 1024 })
    const payload = 'abcdefghij'.repeat(100_000) // 1 MB, some 60 times the bound
    const client = dial(l.port)
    const received = readAll(client)
    client.end(payload)
    const text = await received
    expect(text.length).toBe(payload.length)
    expect(text).toBe(payload.toUpperCase())
  })

  it('counts the TCP connections it accepts, and resets the count', async () => {
    const l = await link(await serve(upperEcho))
    for (let i = 0; i < 3; i++) {
      const client = dial(l.port)
      const received = readAll(client)
      client.end(`c${i}`)
      expect(await received).toBe(`C${i}`)
    }
    expect(l.accepted).toBe(3)
    expect(l.refused).toBe(0)
    l.resetCounts()
    expect(l.accepted).toBe(0)
  })

  it('delays: a chunk through the link arrives after one sent later on a direct connection', async () => {
    const arrivals: string[] = []
    const port = await serve((socket) => socket.on('data', (chunk: Buffer) => arrivals.push(chunk.toString())))
    const l = await link(port, { delayMs: 100 })
    const slow = dial(l.port)
    await once(slow, 'connect')
    slow.write('through the link')
    const direct = dial(port)
    await once(direct, 'connect')
    direct.write('direct')
    while (arrivals.length < 2) await new Promise((resolve) => setImmediate(resolve))
    expect(arrivals).toEqual(['direct', 'through the link'])
  })

  it('resets the client when the upstream is not there', async () => {
    const port = await serve(() => {})
    await new Promise((resolve) => servers.pop()!.close(resolve)) // a port nobody listens on now
    const l = await link(port)
    const client = dial(l.port)
    const [error] = (await once(client, 'error')) as [NodeJS.ErrnoException]
    expect(error.code).toBe('ECONNRESET')
    expect(l.accepted).toBe(1)
    expect(l.open).toBe(0)
  })

  it('closes cleanly: open connections end, the port stops listening, close() can be called again', async () => {
    const l = await link(await serve(() => {}))
    const client = dial(l.port)
    client.on('error', () => {})
    await once(client, 'connect')
    while (l.open === 0) await new Promise((resolve) => setImmediate(resolve))
    const closedClient = once(client, 'close')
    await l.close()
    await closedClient
    expect(l.open).toBe(0)
    await l.close()
    const late = dial(l.port)
    const [error] = (await once(late, 'error')) as [NodeJS.ErrnoException]
    expect(error.code).toBe('ECONNREFUSED')
  })

  it('forwards only to loopback, and only with a bounded delay', async () => {
    await expect(startLatencyLink({ targetHost: '10.0.0.1', targetPort: 80, delayMs: 1 })).rejects.toThrow(
      /not a loopback address/,
    )
    await expect(startLatencyLink({ targetPort: 80, delayMs: 60_000 })).rejects.toThrow(/delayMs/)
    await expect(startLatencyLink({ targetPort: 0, delayMs: 1 })).rejects.toThrow(/targetPort/)
  })
})
