// Builds dist/ with ncc, one bundle per action, or with --check builds into a temporary folder and
// fails when the committed dist/ differs: what users run must be what the source says.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

/** Each action's entry and the folder of its bundle, inside dist/. */
const BUNDLES = [
  { entry: 'src/actions/connection/index.ts', out: '.' },
  { entry: 'src/actions/dataflow/index.ts', out: 'dataflow' },
]

const check = process.argv.includes('--check')
const outDir = check ? mkdtempSync(join(tmpdir(), 'dist-check-')) : 'dist'
const ncc = join('node_modules', '.bin', 'ncc')

/** Every file below `dir`, as paths relative to it. */
function files(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path).map((file) => join(name, file)) : [name]
  })
}

try {
  for (const { entry, out } of BUNDLES) {
    const target = join(outDir, out)
    // ncc empties its output folder: the root bundle first, then the ones in sub-folders.
    execFileSync(ncc, ['build', entry, '-o', target, '--license', 'licenses.txt', '--minify', '--quiet'], {
      stdio: 'inherit',
    })
  }
  if (check) {
    const expected = files(outDir).sort()
    const committed = files('dist').sort()
    const stale = expected.filter(
      (file) => !committed.includes(file) || !readFileSync(join(outDir, file)).equals(readFileSync(join('dist', file))),
    )
    const extra = committed.filter((file) => !expected.includes(file))
    if (stale.length > 0 || extra.length > 0) {
      console.error(
        `dist/ is stale: ${[...stale, ...extra].join(', ')} differ from a fresh build. Run \`npm run bundle\` and commit dist/.`,
      )
      process.exit(1)
    }
    console.log(`dist/ matches a fresh build (${expected.map((file) => relative('.', file)).join(', ')}).`)
  }
} finally {
  if (check) rmSync(outDir, { recursive: true, force: true })
}
