// The README's Performance table, rendered from one `npm run bench` run (docs/bench-latest.json),
// so that the README quotes exactly what the benchmark printed: `npm run bench -- --write-readme`
// writes both, and test/unit/readme.test.ts holds the README equal to the JSON.

/** A row of the benchmark: measure, value, budget, whether it holds. */
export interface BenchRow {
  name: string
  value: string
  budget?: string
  ok?: boolean
  kind?: 'issue5' | 'new'
}

export interface BenchRun {
  node: string
  rounds: number
  date: string
  rows: BenchRow[]
}

export const README_BEGIN = '<!-- bench:begin (written by npm run bench -- --write-readme) -->'
export const README_END = '<!-- bench:end -->'

const cell = (text: string) => text.trim().replace(/\|/g, '\\|')

/** The Markdown between the README's markers. */
export function renderReadmeBlock(run: BenchRun): string {
  const lines = [
    `One run of \`npm run bench\` (Node ${run.node}, ${run.rounds} rounds, medians, ${run.date}); "(info)" budgets are`,
    'the newer ones, informational until `--strict`:',
    '',
    '| measure | value | budget | status |',
    '|---|---|---|---|',
    ...run.rows.map(
      (row) =>
        `| ${cell(row.name)} | ${cell(row.value)} | ${cell(row.budget ?? '')} | ${
          row.ok === undefined ? '' : `${row.ok ? 'ok' : 'over'}${row.kind === 'new' ? ' (info)' : ''}`
        } |`,
    ),
  ]
  return lines.join('\n')
}

/** The README with its block replaced; throws when the markers are missing. */
export function withReadmeBlock(readme: string, run: BenchRun): string {
  const begin = readme.indexOf(README_BEGIN)
  const end = readme.indexOf(README_END)
  if (begin < 0 || end < begin) throw new Error('README.md has no bench markers')
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${renderReadmeBlock(run)}\n${readme.slice(end)}`
}
