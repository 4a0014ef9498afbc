import type { Agent, ClientRequestArgs } from 'node:http'
import { isIP, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'

type Open = (options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex

/**
 * Connections an agent opens before its first requests are known: while the step waits for what
 * those requests need (the Adobe token), the TCP and TLS handshakes to their service are already
 * done. The agent's `createConnection`, which Node lets an agent override to supply its own
 * sockets, hands each one to the next request to the same host and port; requests after that
 * open and keep their own as usual. A connection that fails before a request takes it is dropped,
 * and so is one that waits `idleMs` untaken (as the agent does with its own idle connections): the
 * request then opens a new one rather than go out on a connection the server may have let go.
 */
export class WarmConnections {
  /** The connections no request has taken yet, each with how it is dropped should it fail first. */
  private readonly waiting: Array<{ target: string; socket: Socket; drop: () => void }> = []
  private readonly open: Open

  constructor(
    agent: Agent,
    private readonly idleMs: number,
  ) {
    const create = agent.createConnection.bind(agent)
    this.open = (options, callback) => {
      const socket = create(options, callback)
      if (!socket) throw new Error('the agent made no connection')
      return socket
    }
    agent.createConnection = (options, callback) =>
      this.take(`${String(options.host ?? 'localhost')}:${Number(options.port)}`) ?? this.open(options, callback)
  }

  /** Opens `count` connections to the origin of `url` (https or http) for the next requests there. */
  warmUp(url: URL, count: number): void {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const host = url.hostname
    // The request's own connection would have the same server name (SNI): the host, unless an IP.
    const servername = isIP(host.replace(/^\[(.*)\]$/, '$1')) ? '' : host
    for (let i = 0; i < count; i++) {
      // An agent's connections are sockets (net's, or tls's, which extends it).
      const socket = this.open({ host, port, servername, keepAlive: true } as ClientRequestArgs) as Socket
      const entry = {
        target: `${host}:${port}`,
        socket,
        drop: () => {
          this.remove(entry)
          socket.destroy()
        },
      }
      socket.once('error', entry.drop)
      socket.once('close', entry.drop)
      socket.setTimeout(this.idleMs)
      socket.once('timeout', entry.drop)
      this.waiting.push(entry)
    }
  }

  /** Closes the connections no request took. */
  close(): void {
    for (const { socket } of this.waiting.splice(0)) socket.destroy()
  }

  private take(target: string): Duplex | undefined {
    const entry = this.waiting.find((waiting) => waiting.target === target)
    if (!entry) return undefined
    this.remove(entry)
    entry.socket.off('error', entry.drop)
    entry.socket.off('close', entry.drop)
    entry.socket.off('timeout', entry.drop)
    // The request sets its own timeout; until then, none of ours must cut it short.
    entry.socket.setTimeout(0)
    return entry.socket
  }

  private remove(entry: (typeof this.waiting)[number]): void {
    const index = this.waiting.indexOf(entry)
    if (index >= 0) this.waiting.splice(index, 1)
  }
}
