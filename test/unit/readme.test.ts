import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SECRET_INPUTS } from '../../src/actions/connection/inputs.js'
import { readActionYaml, ROOT } from '../support/run-action.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The rows of the first Markdown table after a heading, as arrays of trimmed cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n${heading}\n`)
  expect(start, `README has no "${heading}" section`).toBeGreaterThan(-1)
  const lines = readme.slice(start).split('\n')
  const first = lines.findIndex((line) => line.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
  }
  return rows
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '')

describe('README', () => {
  const action = readActionYaml()

  it('lists every input of action.yml, with the same required flag, default and masking', () => {
    const rows = tableAfter('## Inputs')
    expect(rows.map((row) => unquote(row[0]!))).toEqual(Object.keys(action.inputs))
    for (const [name, required, defaultValue, masked] of rows) {
      const spec = action.inputs[unquote(name!)]!
      expect(required === 'yes', `${name} required`).toBe(spec.required === true)
      expect(unquote(defaultValue!), `${name} default`).toBe(spec.default === undefined ? '' : String(spec.default))
      expect(masked === 'yes', `${name} masked`).toBe((SECRET_INPUTS as readonly string[]).includes(unquote(name!)))
    }
  })

  it('lists every output of action.yml', () => {
    expect(tableAfter('## Outputs').map((row) => unquote(row[0]!))).toEqual(Object.keys(action.outputs))
  })

  it('gives the two development commands that CI runs', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm ci && npm test')
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/npm ci\nnpm test\n/)
  })
})

describe('CHANGELOG', () => {
  it('has a section for the version in package.json, which the release workflow publishes', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'))
  })
})
