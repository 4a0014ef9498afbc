/**
 * Flow Service list filtering and sorting (`property=` and `orderby=`), after Adobe's
 * sort-and-filter guide and the error catalog (flow-service-notes §1.5, §1.9c):
 *
 *   property=<path><op><v1>,<v2>…   op: == != > < >= <=   (ranges only on numeric fields)
 *   - a comma separates values, OR-ed for `==` ("any of") and AND-ed for `!=` ("none of");
 *   - several `property` params are AND-ed (the caller applies every condition);
 *   - each value may be wrapped in double quotes, which are stripped. Quotes do NOT protect a
 *     comma: the split on ',' happens first, so a name containing ',' cannot be matched exactly
 *     (how the real service treats quotes is unverified; this is the conservative reading);
 *   - a field ending in `[]` is an array (`sourceConnectionIds[]==<id>`, documented): `==`
 *     matches when any element equals any value, `!=` when no element equals any value;
 *   - a 'caseless' field compares strings ignoring case: the docs filter runs with
 *     `metrics.statusSummary.status==Failed` while runs report 'failed' (our reading).
 *
 * Input is the already-decoded value of one `property` parameter.
 */

import { FlowRequestError } from './errors.js'

export type FieldKind = 'string' | 'caseless' | 'number'
export type Fields = Readonly<Record<string, FieldKind>>

type Operator = '==' | '!=' | '>=' | '<=' | '>' | '<'
/** Longest first, so '>=' is not read as '>' followed by a value starting with '='. */
const OPERATORS: readonly Operator[] = ['==', '!=', '>=', '<=', '>', '<']

export interface Condition {
  field: string
  kind: FieldKind
  op: Operator
  values: string[]
}

export interface SortKey {
  field: string
  descending: boolean
}

/** Reads a dotted path such as `connectionSpec.id` from a plain object. */
export function getPath(record: unknown, path: string): unknown {
  let current = record
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
}

export function parseCondition(raw: string, fields: Fields): Condition {
  const field = /^[A-Za-z0-9_.[\]]*/.exec(raw)?.[0] ?? ''
  const rest = raw.slice(field.length)
  if (field === '' || rest === '')
    throw new FlowRequestError('1453', `Invalid query value ${raw} provided in query param.`)
  const kind = fields[field]
  if (kind === undefined) throw new FlowRequestError('1449', `Invalid field ${field} in filter params.`)

  const op = OPERATORS.find((o) => rest.startsWith(o))
  if (op === undefined) {
    const attempted = /^[=!<>~]+/.exec(rest)?.[0]
    if (attempted === undefined)
      throw new FlowRequestError('1453', `Invalid query value ${raw} provided in query param.`)
    throw new FlowRequestError('1450', `Invalid operator ${attempted} in filter params.`)
  }

  const valueText = rest.slice(op.length)
  const values = valueText.split(',').map(unquote)
  if (values.some((v) => v === ''))
    throw new FlowRequestError('1453', `Invalid query value ${raw} provided in query param.`)
  const isRange = op !== '==' && op !== '!='
  if (isRange && kind !== 'number')
    throw new FlowRequestError('1448', `Operator ${op} not supported for field ${field}.`)
  if (isRange && values.length > 1)
    throw new FlowRequestError('1443', `Operator '${op}' is not allowed for multiple values.`)
  if (kind === 'number' && values.some((v) => !/^-?\d+$/.test(v))) {
    throw new FlowRequestError('1452', `Invalid value ${valueText} for field ${field}.`)
  }
  return { field, kind, op, values }
}

function equals(actual: unknown, value: string, kind: FieldKind): boolean {
  if (kind === 'number') return actual === Number(value)
  if (kind === 'caseless') return typeof actual === 'string' && actual.toLowerCase() === value.toLowerCase()
  return actual === value
}

/** The values a condition looks at: the elements of an `[]` field, else the one value. */
function actualValues(record: unknown, field: string): unknown[] {
  if (!field.endsWith('[]')) return [getPath(record, field)]
  const value = getPath(record, field.slice(0, -2))
  return Array.isArray(value) ? value : []
}

function inRange(actual: unknown, op: Operator, bound: number): boolean {
  if (typeof actual !== 'number') return false
  switch (op) {
    case '>':
      return actual > bound
    case '<':
      return actual < bound
    case '>=':
      return actual >= bound
    case '<=':
      return actual <= bound
    default:
      return false
  }
}

export function matches(record: unknown, condition: Condition): boolean {
  const actuals = actualValues(record, condition.field)
  const { op, values, kind } = condition
  if (op === '==') return values.some((v) => actuals.some((a) => equals(a, v, kind)))
  if (op === '!=') return values.every((v) => actuals.every((a) => !equals(a, v, kind)))
  return actuals.some((a) => inRange(a, op, Number(values[0])))
}

/** `orderby=name`, `+name`, `-name`, or several comma-separated keys. */
export function parseOrderBy(raw: string, fields: Fields): SortKey[] {
  return raw.split(',').map((part) => {
    const text = part.trim() // a raw '+' arrives form-decoded as a space
    const descending = text.startsWith('-')
    const field = /^[+-]/.test(text) ? text.slice(1) : text
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(field)) {
      throw new FlowRequestError(
        '1432',
        'Sort order specified is not correct, prepend + for ascending order and - for descending order in the fieldName.',
      )
    }
    if (fields[field] === undefined)
      throw new FlowRequestError('1433', `Incorrect field= ${field} passed in orderBy, example are +name, -name, name.`)
    return { field, descending }
  })
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === undefined || a === null) return -1
  if (b === undefined || b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const sa = String(a)
  const sb = String(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

export function comparator(keys: SortKey[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const { field, descending } of keys) {
      const order = compareValues(getPath(a, field), getPath(b, field))
      if (order !== 0) return descending ? -order : order
    }
    return 0
  }
}
