// The bundles `npm run bench` (scripts/bench.ts) builds for its yardsticks, with the flags
// scripts/bundle.mjs uses for the actions (--minify; no licence file), each into a temporary
// folder: the probe (scripts/bench-probe-entry.ts: only the dependencies the actions must load,
// @actions/core, @actions/http-client, zod with one schema) and the toolkit client
// (scripts/bench-toolkit-client-entry.ts: the same start-up, then the floor's calls over the
// link). undici is replaced by the same stub through tsconfig.json's paths, as in the actions'
// bundles; a build is refused if llhttp (undici's parser) is in it anyway.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../test/support/run-action.js'

export const PROBE_ENTRY = join('scripts', 'bench-probe-entry.ts')
export const TOOLKIT_CLIENT_ENTRY = join('scripts', 'bench-toolkit-client-entry.ts')

export interface BenchBundle {
  /** The bundle's entry, index.js in a temporary folder. */
  entry: string
  dir: string
  bytes: number
}

/** Builds `source` (PROBE_ENTRY or TOOLKIT_CLIENT_ENTRY) into a fresh temporary folder (the caller removes `dir`). */
export function buildBenchBundle(source: string): BenchBundle {
  const dir = mkdtempSync(join(tmpdir(), 'bench-probe-'))
  execFileSync(join('node_modules', '.bin', 'ncc'), ['build', source, '-o', dir, '--minify', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const entry = join(dir, 'index.js')
  const code = readFileSync(entry, 'utf8')
  if (/llhttp/i.test(code))
    throw new Error(`the bundle of ${source} holds undici (llhttp): the tsconfig paths stub did not apply`)
  if (!code.includes('undici is not bundled')) throw new Error(`the bundle of ${source} does not hold the undici stub`)
  return { entry, dir, bytes: Buffer.byteLength(code) }
}
