import { createServer } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export type ProxyMode = 'tunnel' | 'silent' | 'refuse-407'

export interface ConnectProxy {
  port: number
  /** Every CONNECT received: the authority asked for and the Proxy-Authorization sent. */
  readonly connects: Array<{ authority: string; authorization: string | undefined }>
  /** How the proxy answers CONNECT: tunnel it, never answer, or ask for credentials (407). */
  mode: ProxyMode
  close(): Promise<void>
}

/**
 * A CONNECT proxy on 127.0.0.1 that tunnels `any-host:port` to 127.0.0.1:port. Tests name hosts
 * that do not resolve, so an answer proves the request went through the proxy.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<Socket>()
  const server = createServer((_req, res) => res.writeHead(405).end())
  const proxy: ConnectProxy = {
    port: 0,
    connects: [],
    mode: 'tunnel',
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
  server.on('connect', (req, client: Socket, head: Buffer) => {
    proxy.connects.push({ authority: req.url ?? '', authorization: req.headers['proxy-authorization'] })
    sockets.add(client)
    client.on('error', () => undefined)
    if (proxy.mode === 'silent') return
    if (proxy.mode === 'refuse-407') {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n')
      return
    }
    const upstream = connect(Number((req.url ?? '').split(':')[1]), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.port = (server.address() as AddressInfo).port
  return proxy
}
