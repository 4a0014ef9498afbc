import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SECRET_INPUTS } from '../../src/actions/connection/inputs.js'
import { SECRET_INPUTS as DATAFLOW_SECRET_INPUTS } from '../../src/actions/dataflow/inputs.js'
import { readActionYaml, readDataflowActionYaml, ROOT, type ActionYaml } from '../support/run-action.js'
import { README_BEGIN, README_END, renderReadmeBlock, type BenchRun } from '../../scripts/bench-report.js'

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

/** Checks an inputs table row by row against action.yml: names in order, required, default and masking. */
function expectInputsTable(heading: string, action: ActionYaml, secretInputs: readonly string[]) {
  const rows = tableAfter(heading)
  expect(rows.map((row) => unquote(row[0]!))).toEqual(Object.keys(action.inputs))
  for (const [name, required, defaultValue, masked] of rows) {
    const spec = action.inputs[unquote(name!)]!
    expect(required === 'yes', `${name} required`).toBe(spec.required === true)
    expect(unquote(defaultValue!), `${name} default`).toBe(spec.default === undefined ? '' : String(spec.default))
    expect(masked === 'yes', `${name} masked`).toBe(secretInputs.includes(unquote(name!)))
  }
}

describe('README', () => {
  const action = readActionYaml()
  const dataflow = readDataflowActionYaml()

  it('lists every input of action.yml, with the same required flag, default and masking', () => {
    expectInputsTable('## Inputs', action, SECRET_INPUTS)
  })

  it('lists every output of action.yml', () => {
    expect(tableAfter('## Outputs').map((row) => unquote(row[0]!))).toEqual(Object.keys(action.outputs))
  })

  it('lists every input of dataflow/action.yml, with the same required flag, default and masking', () => {
    expectInputsTable('### Data-flow inputs', dataflow, DATAFLOW_SECRET_INPUTS)
  })

  it('lists every output of dataflow/action.yml', () => {
    expect(tableAfter('### Data-flow outputs').map((row) => unquote(row[0]!))).toEqual(Object.keys(dataflow.outputs))
  })

  it('shows the data-flow action by the path it is published under', () => {
    expect(readme).toContain('uses: OWNER/hubspot-aep-connection-action/dataflow@v1')
    expect(dataflow.runs.main).toBe('../dist/dataflow/index.js')
  })

  it('gives the two development commands that CI runs', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm ci && npm test')
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/npm ci\nnpm test\n/)
  })
})

describe('README Performance', () => {
  it('quotes exactly the latest benchmark run (npm run bench -- --write-readme writes both)', () => {
    const run = JSON.parse(readFileSync(join(ROOT, 'docs', 'bench-latest.json'), 'utf8')) as BenchRun
    expect(run.rows.length).toBeGreaterThan(0)
    const begin = readme.indexOf(README_BEGIN)
    const end = readme.indexOf(README_END)
    expect(begin, 'README has the bench markers').toBeGreaterThan(-1)
    expect(readme.slice(begin + README_BEGIN.length, end).trim()).toBe(renderReadmeBlock(run))
  })
})

describe('CHANGELOG', () => {
  it('has a section for the version in package.json, which the release workflow publishes', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'))
  })
})
