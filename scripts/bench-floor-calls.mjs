// The calls of a happy path's floor over the link of `npm run bench` (scripts/bench-link.ts), made
// with Node's own modules only, each as early as its data allows, on kept-alive connections (one
// per service, four to Platform for the data flow's reads), Platform's opened while IMS answers.
// Their answers are not read. scripts/bench-ideal-client.mjs runs them bare; the toolkit client
// (scripts/bench-toolkit-client-entry.ts) runs them after loading what every action must load.
import https from 'node:https'
import tls from 'node:tls'

export const PLANS = ['given', 'minted', 'dataflow']

/** A keep-alive agent; its first `warm` connections are opened ahead (as the actions do). */
function agentFor(url, warm = 0) {
  const agent = new https.Agent({ keepAlive: true })
  const { hostname, port } = new URL(url)
  const ahead = Array.from({ length: warm }, () => tls.connect({ host: hostname, port: Number(port) }))
  const open = agent.createConnection.bind(agent)
  agent.createConnection = (options, callback) => ahead.shift() ?? open(options, callback)
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

/** Makes the floor's calls of `plan` (one of PLANS) against the three services' URLs. */
export async function floorCalls(plan, imsUrl, hubspotUrl, platformUrl) {
  const CONNECTIONS = `${platformUrl}/data/foundation/flowservice/connections`
  const hubspot = agentFor(hubspotUrl)
  if (plan === 'given') {
    // Introspection beside the lookup, then the create.
    const platform = agentFor(platformUrl)
    await Promise.all([
      call(hubspot, `${hubspotUrl}/oauth/2026-03/token/introspect`, 'POST'),
      call(platform, CONNECTIONS, 'GET'),
    ])
    await call(platform, CONNECTIONS, 'POST', '{}')
    platform.destroy()
  } else if (plan === 'minted') {
    // The IMS token beside HubSpot's refresh and the Platform connection; then lookup, create, read back.
    const ims = agentFor(imsUrl)
    const platform = agentFor(platformUrl, 1)
    const refreshed = call(hubspot, `${hubspotUrl}/oauth/2026-03/token`, 'POST')
    await call(ims, `${imsUrl}/ims/token/v3`, 'POST')
    await call(platform, CONNECTIONS, 'GET')
    await refreshed
    await call(platform, CONNECTIONS, 'POST', '{}')
    await call(platform, `${CONNECTIONS}/x`, 'GET')
    ims.destroy()
    platform.destroy()
  } else if (plan === 'dataflow') {
    // The IMS token beside four Platform connections; the four reads together; the validation; the
    // source connection, target connection and mapping set together; the flow.
    const ims = agentFor(imsUrl)
    const platform = agentFor(platformUrl, 4)
    const FLOW_SERVICE = `${platformUrl}/data/foundation/flowservice`
    const MAPPING_SETS = `${platformUrl}/data/foundation/conversion/mappingSets`
    await call(ims, `${imsUrl}/ims/token/v3`, 'POST')
    await Promise.all([
      call(platform, `${FLOW_SERVICE}/connections/x`, 'GET'),
      call(platform, `${FLOW_SERVICE}/connections/x/explore?objectType=table&object=x`, 'GET'),
      call(platform, `${platformUrl}/data/foundation/catalog/dataSets/x`, 'GET'),
      call(platform, `${FLOW_SERVICE}/flows?property=name==x`, 'GET'),
    ])
    await call(platform, `${MAPPING_SETS}/validate`, 'POST', '{}')
    await Promise.all([
      call(platform, `${FLOW_SERVICE}/sourceConnections`, 'POST', '{}'),
      call(platform, `${FLOW_SERVICE}/targetConnections`, 'POST', '{}'),
      call(platform, MAPPING_SETS, 'POST', '{}'),
    ])
    await call(platform, `${FLOW_SERVICE}/flows`, 'POST', '{}')
    ims.destroy()
    platform.destroy()
  }
  hubspot.destroy()
}
