import { mappingSetBody, type DataPrepClient, type MappingSetBody } from '../../adobe/data-prep.js'
import { ActionError } from '../../core/errors.js'
import type { DataflowConfig } from './inputs.js'

/** The names of our mapping set and connections: how the step finds them again. */
export function chainNames(flowName: string) {
  return { source: `${flowName} source`, target: `${flowName} target`, mapping: `${flowName} mapping` }
}

export function mappingBodyFor(config: DataflowConfig, schemaId: string): MappingSetBody {
  return mappingSetBody({ name: chainNames(config.flowName).mapping, schemaId, mappings: config.mapping })
}

/**
 * Before any write: every ATTRIBUTE source and the delta column must be columns of the table
 * (the error names the column and the closest real ones), and Data Prep must accept the mapping
 * against the dataset's schema.
 */
export async function validateMapping(
  config: DataflowConfig,
  columns: readonly string[],
  body: MappingSetBody,
  dataPrep: DataPrepClient,
): Promise<void> {
  const known = new Set(columns)
  const missing = [
    ...config.mapping
      .filter((entry) => entry.sourceType === 'ATTRIBUTE' && !known.has(entry.source))
      .map((entry) => `mapping source ${JSON.stringify(entry.source)}`),
    ...(known.has(config.deltaColumn) ? [] : [`delta-column ${JSON.stringify(config.deltaColumn)}`]),
  ]
  if (missing.length > 0) {
    const names = [...config.mapping.map((entry) => entry.source), config.deltaColumn].filter(
      (name) => !known.has(name),
    )
    const suggestions = [...new Set(names)]
      .map((name) => `${JSON.stringify(name)}: ${closest(name, columns).join(', ') || 'none'}`)
      .join('; ')
    throw new ActionError(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is not a column' : 'are not columns'} of table ${config.table}`,
      {
        kind: 'input',
        hint: `The closest columns of ${config.table}: ${suggestions}. Its columns are: ${columns.join(', ')}.`,
      },
    )
  }
  const problems = await dataPrep.validate(body)
  if (problems.length > 0) {
    const described = problems
      .map((problem) => {
        const said = problem.errors.map((error) => [error.code, error.message].filter(Boolean).join(' ')).join('; ')
        return `${problem.source ?? '?'} → ${problem.destination ?? '?'}${said ? ` (${said})` : ''}`
      })
      .join(', ')
    throw new ActionError(`Data Prep does not accept the mapping against the dataset's schema: ${described}`, {
      kind: 'input',
      service: 'Data Prep',
      operation: 'validate mapping set (POST /mappingSets/validate)',
      hint: "Fix the mapping input: each destination must be a field of the dataset's XDM schema, and each sourceType ATTRIBUTE or EXPRESSION.",
    })
  }
}

/** Up to three names of `candidates` nearest to `name` (case ignored; edit distance). */
export function closest(name: string, candidates: readonly string[]): string[] {
  const target = name.toLowerCase()
  return [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(target, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(3, Math.floor(target.length / 2)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ candidate }) => candidate)
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
