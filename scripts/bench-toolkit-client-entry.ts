// The toolkit client of `npm run bench` (built by scripts/bench-startup.ts like the probe bundle):
// the probe's start-up with a valid input (scripts/bench-toolkit.ts), then the floor's calls of
// the bare client (scripts/bench-floor-calls.mjs). No action built on the mandated dependencies
// can be faster over the link: it must load them and check its inputs before its first request.
//
//   node index.js given|minted|dataflow IMS_URL HUBSPOT_URL PLATFORM_URL   (INPUT_ADOBE-ORG-ID set)
import { floorCalls, PLANS } from './bench-floor-calls.mjs'
import { toolkitStartup } from './bench-toolkit.js'

const [plan = '', imsUrl = '', hubspotUrl = '', platformUrl = ''] = process.argv.slice(2)
if (!PLANS.includes(plan as (typeof PLANS)[number])) {
  console.error(`usage: index.js ${PLANS.join('|')} IMS_URL HUBSPOT_URL PLATFORM_URL`)
  process.exitCode = 2
} else if (toolkitStartup()) {
  // No top-level await: with one, ncc cannot concatenate the modules (see docs/PERFORMANCE.md).
  floorCalls(plan, imsUrl, hubspotUrl, platformUrl).catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
