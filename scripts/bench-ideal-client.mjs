// The least a Node client can do over the link of `npm run bench` (scripts/bench-link.ts): a bare
// script, with no module but Node's own, that makes just the calls of a happy path's floor
// (scripts/bench-floor-calls.mjs). Its answers are not read, so it is no action: it measures what
// the link, the emulator behind it and Node's own HTTPS and TLS cost, which no action can avoid.
//
//   node scripts/bench-ideal-client.mjs given|minted|dataflow IMS_URL HUBSPOT_URL PLATFORM_URL
import { floorCalls, PLANS } from './bench-floor-calls.mjs'

const [plan, imsUrl, hubspotUrl, platformUrl] = process.argv.slice(2)
if (!PLANS.includes(plan)) {
  console.error(`usage: bench-ideal-client.mjs ${PLANS.join('|')} IMS_URL HUBSPOT_URL PLATFORM_URL`)
  process.exit(2)
}
await floorCalls(plan, imsUrl, hubspotUrl, platformUrl)
