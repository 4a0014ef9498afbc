// Builds dist/ with ncc, or with --check builds into a temporary folder and fails when the
// committed dist/ differs: what users run must be what the source says.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const check = process.argv.includes('--check')
const outDir = check ? mkdtempSync(join(tmpdir(), 'dist-check-')) : 'dist'
const ncc = join('node_modules', '.bin', 'ncc')

try {
  execFileSync(
    ncc,
    ['build', 'src/actions/connection/index.ts', '-o', outDir, '--license', 'licenses.txt', '--minify', '--quiet'],
    {
      stdio: 'inherit',
    },
  )
  if (check) {
    const expected = readdirSync(outDir).sort()
    const committed = readdirSync('dist').sort()
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
    console.log('dist/ matches a fresh build.')
  }
} finally {
  if (check) rmSync(outDir, { recursive: true, force: true })
}
