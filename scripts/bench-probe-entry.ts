// The probe bundle of `npm run bench` (scripts/bench-startup.ts builds it with ncc, as
// scripts/bundle.mjs builds the actions): only the dependencies every action here must load, and
// one input read, parsed and failed on (scripts/bench-toolkit.ts), as the actions' start-up run
// does: what the actions add to start-up beyond this is ours to answer for.
import { toolkitStartup } from './bench-toolkit.js'

toolkitStartup()
