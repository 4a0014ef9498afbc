import { run } from './main.js'

// Not a top-level await: with one, the bundler cannot merge this entry with the modules it
// imports, and every start parses the whole bundle twice (measured: 15 % of the start-up).
void run().finally(() => {
  // The step is over. A request abandoned at its deadline (say, to a proxy that never answers
  // CONNECT) may still hold a socket; it must not keep the process, and so the job, waiting.
  setTimeout(() => process.exit(), 1000).unref()
})
