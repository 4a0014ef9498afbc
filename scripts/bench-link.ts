// The link mode of `npm run bench` (scripts/bench.ts): the emulator as a runner sees Adobe and
// HubSpot. Each service is served over TLS (a throwaway self-signed certificate for 127.0.0.1,
// trusted by the child through NODE_EXTRA_CA_CERTS) behind its own slow link
// (test/support/latency-link.ts: every chunk delayed `delayMs` each way, a new connection costs a
// round trip), each on its own loopback port, so each service is its own origin. The links count
// the TCP connections each service accepted. Also: the floors, the least time each happy path can
// take over such a link, with their reasoning.
import { startEmulator, type Emulator, type ServiceName } from '../test/emulator/server.js'
import { makeCertificate as makeTlsCertificate } from '../test/support/certificate.js'
import { startLatencyLink, type LatencyLink } from '../test/support/latency-link.js'

export const SERVICES: readonly ServiceName[] = ['ims', 'hubspot', 'platform']
export const SERVICE_LABELS: Record<ServiceName, string> = { ims: 'IMS', hubspot: 'HubSpot', platform: 'Platform' }

/** A self-signed certificate for 127.0.0.1 in `dir` (cert.pem, key.pem). */
export function makeCertificate(dir: string): { key: string; cert: string; certPath: string } {
  return makeTlsCertificate(dir, ['IP:127.0.0.1'])
}

export interface LinkedEmulator {
  emulator: Emulator
  /** The services' URLs through their links: https://127.0.0.1:<link port>. */
  urls: Emulator['urls']
  /** TCP connections each service's link accepted since the last resetCounts(). */
  connections(): Record<ServiceName, number>
  resetCounts(): void
  /** Recorded requests that did not come through their service's link (by their Host header). */
  bypassed(): number
  close(): Promise<void>
}

/** The emulator over TLS, each listener behind its own latency link. */
export async function startLinkedEmulator(
  tls: { key: string; cert: string },
  delayMs: number,
): Promise<LinkedEmulator> {
  const emulator = await startEmulator({ tls })
  const links: Partial<Record<ServiceName, LatencyLink>> = {}
  try {
    for (const service of SERVICES) {
      links[service] = await startLatencyLink({ targetPort: Number(new URL(emulator.urls[service]).port), delayMs })
    }
  } catch (error) {
    await Promise.all(Object.values(links).map((link) => link.close()))
    await emulator.close()
    throw error
  }
  const link = (service: ServiceName) => links[service] as LatencyLink
  const urls = {
    ims: `https://127.0.0.1:${link('ims').port}`,
    hubspot: `https://127.0.0.1:${link('hubspot').port}`,
    platform: `https://127.0.0.1:${link('platform').port}`,
  }
  return {
    emulator,
    urls,
    connections: () => ({
      ims: link('ims').accepted,
      hubspot: link('hubspot').accepted,
      platform: link('platform').accepted,
    }),
    resetCounts: () => SERVICES.forEach((service) => link(service).resetCounts()),
    bypassed: () =>
      emulator.requests.filter((request) => request.headers['host'] !== `127.0.0.1:${link(request.service).port}`)
        .length,
    close: async () => {
      await Promise.all(SERVICES.map((service) => link(service).close()))
      await emulator.close()
    },
  }
}

export interface Floor {
  /** Round trips the data dependencies force. */
  rtt: number
  /** Why: one line per phase. */
  reasoning: string[]
}

/**
 * The least a happy path can take over the link: a bare `node -e 0` start (with the same
 * NODE_EXTRA_CA_CERTS) plus the round trips its data dependencies force, when every connection
 * opens as early as it can (beside whatever runs before) and every call runs as soon as what it
 * needs is known. Opening a connection costs TCP 1 + TLS 1.3 1 round trip; a request on an open
 * connection 1.
 */
export const FLOORS: Record<'minted' | 'given' | 'dataflow', Floor> = {
  minted: {
    rtt: 6,
    reasoning: [
      'IMS token: TCP 1 + TLS 1 + request 1 = 3; it gates every Flow Service call',
      "HubSpot's refresh (TCP 1 + TLS 1 + request 1) runs beside it; so can opening the Flow Service connection",
      'then the lookup 1, the create 1 (it needs the lookup, and the HubSpot token), the read back 1 = 3',
      'total 6 RTT',
    ],
  },
  given: {
    rtt: 4,
    reasoning: [
      'HubSpot introspection (TCP 1 + TLS 1 + request 1 = 3) beside the lookup (TCP 1 + TLS 1 + request 1 = 3)',
      'then the create 1 (it needs both); verify: none reads nothing back',
      'total 4 RTT',
    ],
  },
  dataflow: {
    rtt: 7,
    reasoning: [
      'IMS token: TCP 1 + TLS 1 + request 1 = 3; it gates every Platform call; the Platform connections open beside it',
      'the reads together (base connection, table columns, dataset, flows of our name) 1; the look-ups of',
      '  leftovers by name (source, target, mapping set) need only the inputs and fit beside them or the next',
      "Data Prep's validation 1: it needs the dataset's schema, and nothing is written before it (the action's rule)",
      'then source connection, target connection and mapping set, independent of each other, together 1',
      'then the flow 1: it needs all three ids (and the mapping version)',
      'total 7 RTT (the first run is not waited for: wait-for-run false, the default)',
    ],
  },
}
