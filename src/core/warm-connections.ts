import type { Agent, ClientRequestArgs } from 'node:http'
import { isIP } from 'node:net'
import type { Duplex } from 'node:stream'

type Open = (options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex

/**
 * Connections an agent opens before its first requests are known: while the step waits for what
 * those requests need (the Adobe token), the TCP and TLS handshakes to their service are already
 * done. The agent's `createConnection`, which Node lets an agent override to supply its own
 * sockets, hands each one to the next request to the same host and port; requests after that
 * open and keep their own as usual. A connection that fails before a request takes it is dropped.
 */
export class WarmConnections {
  /** The connections no request has taken yet, each with how it is dropped should it fail first. */
  private readonly waiting: Array<{ target: string; socket: Duplex; drop: () => void }> = []
  private readonly open: Open

  constructor(agent: Agent) {
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
      const socket = this.open({ host, port, servername, keepAlive: true } as ClientRequestArgs)
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
    return entry.socket
  }

  private remove(entry: (typeof this.waiting)[number]): void {
    const index = this.waiting.indexOf(entry)
    if (index >= 0) this.waiting.splice(index, 1)
  }
}
