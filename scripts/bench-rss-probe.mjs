// Preloaded by the benchmark (node --import) to report the process's peak resident memory, in
// kilobytes, on file descriptor 3 when it exits.
import { writeSync } from 'node:fs'

process.on('exit', () => writeSync(3, `${process.resourceUsage().maxRSS}\n`))
