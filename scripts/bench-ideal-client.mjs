// The least a Node client can do over the link of `npm run bench` (scripts/bench-link.ts): a bare
// script, with no module but Node's own, that makes just the calls of a happy path's floor, each
// as early as its data allows, on one keep-alive connection per service, the Platform connection
// opened while IMS answers. Its answers are not read, so it is no action: it measures what the
// link, the emulator behind it and Node's own HTTPS and TLS cost, which no action can avoid.
//
//   node scripts/bench-ideal-client.mjs given|minted IMS_URL HUBSPOT_URL PLATFORM_URL
import https from 'node:https'
import tls from 'node:tls'

const [plan, imsUrl, hubspotUrl, platformUrl] = process.argv.slice(2)
const CONNECTIONS = `${platformUrl}/data/foundation/flowservice/connections`

/** A keep-alive agent; with `warm`, its first connection is one opened ahead (as the actions do). */
function agentFor(url, warm) {
  const agent = new https.Agent({ keepAlive: true })
  if (warm) {
    const { hostname, port } = new URL(url)
    let ahead = tls.connect({ host: hostname, port: Number(port) })
    const open = agent.createConnection.bind(agent)
    agent.createConnection = (options, callback) => {
      if (!ahead) return open(options, callback)
      const socket = ahead
      ahead = undefined
      return socket
    }
  }
  return agent
}

function call(agent, url, method, body = '') {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume()
      res.on('end', resolve)
    })
    request.on('error', reject)
    request.end(body)
  })
}

const hubspot = agentFor(hubspotUrl, false)
if (plan === 'given') {
  // Introspection beside the lookup, then the create.
  const platform = agentFor(platformUrl, false)
  await Promise.all([
    call(hubspot, `${hubspotUrl}/oauth/2026-03/token/introspect`, 'POST'),
    call(platform, CONNECTIONS, 'GET'),
  ])
  await call(platform, CONNECTIONS, 'POST', '{}')
  platform.destroy()
} else if (plan === 'minted') {
  // The IMS token beside HubSpot's refresh and the Platform connection; then lookup, create, read back.
  const ims = agentFor(imsUrl, false)
  const platform = agentFor(platformUrl, true)
  const refreshed = call(hubspot, `${hubspotUrl}/oauth/2026-03/token`, 'POST')
  await call(ims, `${imsUrl}/ims/token/v3`, 'POST')
  await call(platform, CONNECTIONS, 'GET')
  await refreshed
  await call(platform, CONNECTIONS, 'POST', '{}')
  await call(platform, `${CONNECTIONS}/x`, 'GET')
  ims.destroy()
  platform.destroy()
} else {
  console.error('usage: bench-ideal-client.mjs given|minted IMS_URL HUBSPOT_URL PLATFORM_URL')
  process.exit(2)
}
hubspot.destroy()
