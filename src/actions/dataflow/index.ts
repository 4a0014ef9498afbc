import { run } from './main.js'

await run()
// The step is over. A request abandoned at its deadline (say, to a proxy that never answers
// CONNECT) may still hold a socket; it must not keep the process, and so the job, waiting.
setTimeout(() => process.exit(), 1000).unref()
