/**
 * A TCP forwarder on 127.0.0.1 that behaves like a slow link: every chunk is delayed by `delayMs`
 * in each direction (a round trip is 2 x delayMs), and opening a connection costs one round trip,
 * as the TCP handshake does on a real link (the local kernel completes it at once, so the
 * client's first bytes are held until 2 x delayMs after the connection was accepted). Bytes keep
 * their order, an end (FIN) follows the data before it, and a reset or error tears down both
 * sides. It counts the TCP connections it accepts: how many connections a client opened to the
 * service behind it.
 *
 * Bounded and loopback only: it listens on 127.0.0.1, forwards only to a loopback address,
 * accepts at most `maxConnections` at once and pauses a sender once `maxQueuedBytes` wait in
 * one direction. close() ends everything: listener, sockets and timers.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface LatencyLinkOptions {
  /** The port, on a loopback address, that connections are forwarded to. */
  targetPort: number
  /** 127.0.0.1 (default), localhost or ::1; nothing else. */
  targetHost?: string
  /** Delay of every chunk in each direction, in milliseconds (0 to 10 000). */
  delayMs: number
  /** Whether a new connection costs one round trip before the client's bytes leave (default true). */
  handshake?: boolean
  /** Port to listen on, on 127.0.0.1 (default: a free one chosen by the OS). */
  port?: number
  /** Connections open at once; more are refused, that is closed at once (default 64). */
  maxConnections?: number
  /** Bytes waiting in one direction before its sender is paused (default 1 MiB). */
  maxQueuedBytes?: number
}

export interface LatencyLink {
  /** The port the link listens on, on 127.0.0.1. */
  readonly port: number
  /** TCP connections accepted (and forwarded) since the start or the last resetCounts(). */
  readonly accepted: number
  /** Connections refused because `maxConnections` were open. */
  readonly refused: number
  /** Connections open now. */
  readonly open: number
  resetCounts(): void
  /** Stops listening and destroys every connection and timer; resolves when the listener is closed. */
  close(): Promise<void>
}

const LOOPBACK_TARGETS = new Set(['127.0.0.1', 'localhost', '::1'])
const MAX_DELAY_MS = 10_000

type Item = { at: number; chunk: Buffer } | { at: number; end: true }

/** One direction of a connection: chunks from `from` reach `to` at their time, in order. */
class Direction {
  private readonly queue: Item[] = []
  private queuedBytes = 0
  private timer: NodeJS.Timeout | undefined
  private waitingForDrain = false
  private done = false

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly delayMs: number,
    /** Nothing is delivered before this time (performance.now()): the handshake's round trip. */
    private readonly notBefore: number,
    private readonly maxQueuedBytes: number,
  ) {
    from.on('data', (chunk: Buffer) => {
      this.push({ at: this.releaseTime(), chunk })
      this.queuedBytes += chunk.length
      if (this.queuedBytes >= this.maxQueuedBytes) from.pause()
    })
    from.on('end', () => this.push({ at: this.releaseTime(), end: true }))
    to.on('drain', () => {
      this.waitingForDrain = false
      this.flush()
    })
  }

  private releaseTime(): number {
    return Math.max(performance.now(), this.notBefore) + this.delayMs
  }

  private push(item: Item): void {
    if (this.done) return
    this.queue.push(item)
    this.schedule()
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waitingForDrain) return
    const head = this.queue[0]
    if (head === undefined) return
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        this.flush()
      },
      Math.max(0, Math.ceil(head.at - performance.now())),
    )
  }

  private flush(): void {
    const now = performance.now()
    while (!this.done && !this.waitingForDrain && this.queue.length > 0 && this.queue[0]!.at <= now) {
      const item = this.queue.shift()!
      if ('end' in item) {
        this.done = true
        if (!this.to.destroyed) this.to.end()
        break
      }
      this.queuedBytes -= item.chunk.length
      if (this.to.destroyed) continue
      if (!this.to.write(item.chunk)) this.waitingForDrain = true
    }
    if (this.queuedBytes < this.maxQueuedBytes && this.from.isPaused() && !this.from.destroyed) this.from.resume()
    this.schedule()
  }

  stop(): void {
    this.done = true
    this.queue.length = 0
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }
}

export async function startLatencyLink(options: LatencyLinkOptions): Promise<LatencyLink> {
  const targetHost = options.targetHost ?? '127.0.0.1'
  if (!LOOPBACK_TARGETS.has(targetHost)) throw new Error(`latency link: ${targetHost} is not a loopback address`)
  const { delayMs, targetPort } = options
  if (!Number.isFinite(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS)
    throw new Error(`latency link: delayMs must be between 0 and ${MAX_DELAY_MS}`)
  if (!Number.isInteger(targetPort) || targetPort <= 0 || targetPort > 65_535)
    throw new Error('latency link: targetPort must be a TCP port')
  const handshake = options.handshake ?? true
  const maxConnections = options.maxConnections ?? 64
  const maxQueuedBytes = options.maxQueuedBytes ?? 1024 * 1024

  const teardowns = new Set<(reset?: boolean) => void>()
  let accepted = 0
  let refused = 0

  function forward(client: Socket): void {
    if (teardowns.size >= maxConnections) {
      refused++
      client.destroy()
      return
    }
    accepted++
    const acceptedAt = performance.now()
    const upstream = connect({ host: targetHost, port: targetPort, allowHalfOpen: true })
    const directions: Direction[] = []
    const stop = () => {
      teardowns.delete(teardown)
      for (const direction of directions) direction.stop()
    }
    /** On an error, the other side is reset too (RST), as the failure would show on a real link. */
    const teardown = (reset = false) => {
      stop()
      for (const socket of [client, upstream]) {
        if (socket.destroyed) continue
        if (reset && !socket.connecting) socket.resetAndDestroy()
        else socket.destroy()
      }
    }
    teardowns.add(teardown)
    directions.push(
      new Direction(client, upstream, delayMs, handshake ? acceptedAt + 2 * delayMs : 0, maxQueuedBytes),
      new Direction(upstream, client, delayMs, 0, maxQueuedBytes),
    )
    // A reset or an error on either side tears down the other as well. A clean close comes only
    // once both FINs have passed (both sockets allow half-open), with nothing left to deliver.
    let closed = 0
    const onClose = (hadError: boolean) => {
      if (hadError) teardown(true)
      else if (++closed === 2) stop()
    }
    client.on('error', () => teardown(true))
    upstream.on('error', () => teardown(true))
    client.on('close', onClose)
    upstream.on('close', onClose)
  }

  const server: Server = createServer({ allowHalfOpen: true }, forward)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('latency link: listener has no TCP address')

  let closing: Promise<void> | undefined
  return {
    port: address.port,
    get accepted() {
      return accepted
    },
    get refused() {
      return refused
    },
    get open() {
      return teardowns.size
    },
    resetCounts() {
      accepted = 0
      refused = 0
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const teardown of [...teardowns]) teardown()
      })
      return closing
    },
  }
}
