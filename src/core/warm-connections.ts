import type { Agent, ClientRequestArgs } from 'node:http'
import { isIP } from 'node:net'
import type { Duplex } from 'node:stream'

/** Where a connection goes, as the agent's request options name it. */
const targetOf = (host: string, port: number) => `${host}:${port}`

/**
 * Connections an agent opens before its first requests are known: while the step waits for what
 * those requests need (the Adobe token), the TCP and TLS handshakes to their service are already
 * done. The agent's `createConnection`, which Node lets an agent override to supply its own
 * sockets, hands each one to the next request to the same host and port; requests after that
 * open and keep their own as usual. A connection that fails before a request takes it is dropped.
 */
export class WarmConnections {
  private readonly warm = new Map<string, Duplex[]>()
  /** How each waiting connection is dropped when it fails before a request takes it. */
  private readonly drops = new Map<Duplex, () => void>()
  private readonly open: (options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex

  constructor(agent: Agent) {
    const create = agent.createConnection.bind(agent)
    this.open = (options, callback) => {
      const socket = create(options, callback)
      if (!socket) throw new Error('the agent made no connection')
      return socket
    }
    agent.createConnection = (options, callback) =>
      this.take(String(options.host ?? 'localhost'), Number(options.port)) ?? this.open(options, callback)
  }

  /** Opens `count` connections to the origin of `url` (https or http) for the next requests there. */
  warmUp(url: URL, count: number): void {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const host = url.hostname
    // The request's own connection would have the same server name (SNI): the host, unless an IP.
    const bare = host.replace(/^\[(.*)\]$/, '$1')
    const servername = isIP(bare) ? '' : host
    const target = targetOf(host, port)
    const list = this.warm.get(target) ?? []
    this.warm.set(target, list)
    for (let i = 0; i < count; i++) {
      const socket = this.open({ host, port, servername, keepAlive: true } as ClientRequestArgs)
      const drop = () => {
        const index = list.indexOf(socket)
        if (index >= 0) list.splice(index, 1)
        this.drops.delete(socket)
        socket.destroy()
      }
      socket.once('error', drop)
      socket.once('close', drop)
      this.drops.set(socket, drop)
      list.push(socket)
    }
  }

  /** Closes the connections no request took. */
  close(): void {
    for (const list of this.warm.values()) list.splice(0).forEach((socket) => socket.destroy())
  }

  private take(host: string, port: number): Duplex | undefined {
    const socket = this.warm.get(targetOf(host, port))?.shift()
    if (!socket) return undefined
    const drop = this.drops.get(socket)
    this.drops.delete(socket)
    if (drop) {
      socket.off('error', drop)
      socket.off('close', drop)
    }
    return socket
  }
}
