import { readFileSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep, win32 } from 'node:path'
import { input, shown, valid, type Reading } from '../../core/inputs.js'

// The `mapping` input: Data Prep mappings from a column of the HubSpot table to a path of the
// dataset's XDM schema. The value is the JSON itself when it starts with `[`, else the path of a
// JSON file in the workspace. Every message completes the sentence "input 'mapping' …", and names
// the entry it is about, counting from 1.

/** How Data Prep reads `source`: a column name, or an expression over the columns. */
export const MAPPING_SOURCE_TYPES = ['ATTRIBUTE', 'EXPRESSION'] as const
export type MappingSourceType = (typeof MAPPING_SOURCE_TYPES)[number]

/** One mapping, as Data Prep's mapping set takes it (`mappings[]`). */
export interface MappingEntry {
  /** The column (ATTRIBUTE) or the expression (EXPRESSION). */
  source: string
  /** The XDM path in the dataset's schema, for example person.name.firstName. */
  destination: string
  sourceType: MappingSourceType
}

/** A mapping file larger than this is refused: mappings are a few kilobytes. */
export const MAPPING_FILE_MAX_BYTES = 1024 * 1024

/** Where a mapping file is read from: injected, so tests need no real files. */
export interface MappingFiles {
  /** The absolute path of the workspace (GITHUB_WORKSPACE); '' when there is none. */
  workspace: string
  /** The file's text; throws a Node error with `code` (ENOENT, EISDIR, EFBIG…) when it cannot. */
  readFile: (path: string) => string
}

/** At most this many problems are listed; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 5
/** Keys of the older mapping shape (the sources tutorial's), and the keys this input takes instead. */
const LEGACY_KEYS: Record<string, string> = { sourceAttribute: 'source', destinationXdmPath: 'destination' }
/** An XDM path is field names joined by dots: no whitespace, no control characters. */
// eslint-disable-next-line no-control-regex
const NOT_IN_A_PATH = /[\s\u0000-\u001f\u007f-\u009f]/

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return shown(value)
  return String(value)
}

/** A problem of the mapping: about entry `index` (counting from 0), or about the whole when -1. */
interface MappingIssue {
  index: number
  message: string
}

const ENTRY_KEYS = new Set(['source', 'destination', 'sourceType'])

const isBlank = (value: unknown) => typeof value === 'string' && value.trim().length === 0

/** Whether an entry's source or destination is a blank string. */
function hasBlankField(entry: unknown): boolean {
  const { source, destination } = (entry ?? {}) as Record<string, unknown>
  return isBlank(source) || isBlank(destination)
}

/** What is wrong with a required, non-blank string field of an entry, if anything. */
function fieldProblem(name: string, value: unknown): string | undefined {
  if (value === undefined) return `${name} is required`
  if (typeof value !== 'string') return `${name} must be a string; got ${describeValue(value)}`
  if (isBlank(value)) return `${name} must not be empty`
  return undefined
}

/** What is wrong with one entry, each field in turn and then its unknown keys. */
function entryProblems(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return [
      `must be an object such as {"source": "<column>", "destination": "<xdm path>"}; got ${describeValue(entry)}`,
    ]
  }
  const { source, destination, sourceType } = entry as Record<string, unknown>
  const problems: string[] = []
  const sourceProblem = fieldProblem('source', source)
  if (sourceProblem) problems.push(sourceProblem)
  const destinationProblem = fieldProblem('destination', destination)
  if (destinationProblem) problems.push(destinationProblem)
  else if (NOT_IN_A_PATH.test(destination as string)) {
    problems.push(
      `destination must be an XDM path such as person.name.firstName, with no whitespace or control characters; got ${shown(destination)}`,
    )
  }
  if (sourceType !== undefined && !MAPPING_SOURCE_TYPES.includes(sourceType as MappingSourceType)) {
    problems.push(
      `sourceType must be ${MAPPING_SOURCE_TYPES.join(' or ')} (or left out, for ATTRIBUTE); got ${describeValue(sourceType)}`,
    )
  }
  const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.has(key))
  if (unknown.length > 0) {
    const keys = unknown.map((key) => (LEGACY_KEYS[key] ? `${shown(key)} (write ${LEGACY_KEYS[key]})` : shown(key)))
    problems.push(
      `has unknown ${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}; an entry takes only source, destination and sourceType`,
    )
  }
  return problems
}

/** The entries after the first that map a destination again (invalid entries too). */
function repeatedDestinations(entries: readonly unknown[]): MappingIssue[] {
  const firstUse = new Map<string, number>()
  const problems: MappingIssue[] = []
  entries.forEach((entry, index) => {
    const destination = (entry as { destination?: unknown } | null)?.destination
    if (typeof entry !== 'object' || typeof destination !== 'string' || destination === '') return
    const first = firstUse.get(destination)
    if (first === undefined) firstUse.set(destination, index)
    else {
      problems.push({
        index,
        message: `destination ${shown(destination)} is already the destination of entry ${first + 1}; map each destination once`,
      })
    }
  })
  return problems
}

/** Every problem of the parsed JSON: a non-empty array of entries, and no destination mapped twice. */
function mappingProblems(value: unknown): MappingIssue[] {
  if (!Array.isArray(value)) {
    const problems = [{ index: -1, message: `must be a JSON array of entries; got ${describeValue(value)}` }]
    // The JSON "" is also said to hold no entry, as the zod schema before this said (its min(1)
    // ran on anything with a length): the messages stay the same.
    const { length } = (value ?? {}) as { length?: unknown }
    if (length !== undefined && !((length as number) >= 1)) {
      problems.push({ index: -1, message: 'must hold at least one entry; got []' })
    }
    return problems
  }
  if (value.length === 0) return [{ index: -1, message: 'must hold at least one entry; got []' }]
  return [
    ...value.flatMap((entry, index) => entryProblems(entry).map((message) => ({ index, message }))),
    // Repeated destinations are looked for only when no entry has a blank source or destination,
    // as in the zod schema before this (a blank field aborted its later checks).
    ...(value.some(hasBlankField) ? [] : repeatedDestinations(value)),
  ]
}

/** The problems as one message: each names its entry, counting from 1. */
function describeProblems(found: readonly MappingIssue[]): string {
  const problems = [
    ...new Set(
      [...found]
        .sort((a, b) => a.index - b.index)
        .map(({ index, message }) => (index < 0 ? message : `entry ${index + 1}: ${message}`)),
    ),
  ]
  const shownProblems = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ')
  const more = problems.length - MAX_PROBLEMS_SHOWN
  return more > 0 ? `${shownProblems}; and ${more} more` : shownProblems
}

export type MappingResult = { ok: true; entries: MappingEntry[] } | { ok: false; message: string }

/** The entries in a parsed JSON value, or what is wrong with them. */
export function mappingEntries(value: unknown): MappingResult {
  const problems = mappingProblems(value)
  if (problems.length > 0) return { ok: false, message: describeProblems(problems) }
  const entries = (value as Array<Record<string, string | undefined>>).map(
    ({ source, destination, sourceType }): MappingEntry => ({
      source: source as string,
      destination: destination as string,
      sourceType: (sourceType ?? 'ATTRIBUTE') as MappingSourceType,
    }),
  )
  return { ok: true, entries }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - (before.lastIndexOf('\n') + 1) + 1
  return `line ${line}, column ${column}`
}

const END_OF_INPUT = 'Unexpected end of JSON input'

/** The parser's position in its message ("… in JSON at position 12 (line 1 column 13)"), if any. */
function positionIn(message: string): number | undefined {
  const match = / at position (\d+)/.exec(message)
  return match ? Number(match[1]) : undefined
}

/** Whether JSON.parse, given `prefix`, fails only because the text ends there. */
function isValidStart(prefix: string): boolean {
  try {
    JSON.parse(prefix)
    return true
  } catch (error) {
    const message = (error as Error).message
    return message === END_OF_INPUT || (positionIn(message) ?? -1) >= prefix.length
  }
}

/**
 * Where and why JSON.parse refused `text`, without echoing the text: V8 quotes the text (or some
 * of it) in its "Unexpected token" message and gives no position there, so the position is then
 * found as the end of the longest start of the text that could still be valid JSON.
 */
export function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (message === END_OF_INPUT) {
    return text.trim() === ''
      ? 'is empty'
      : `ends before the JSON is complete (at ${lineAndColumn(text, text.length)}); check for a missing ] or }`
  }
  const position = positionIn(message)
  const token = /^Unexpected token '(.)'/su.exec(message)
  if (position !== undefined) {
    return `${message.replace(/ (?:in JSON )?at position \d+.*$/s, '')} at ${lineAndColumn(text, position)}`
  }
  let low = 0 // a valid start
  let high = text.length // not one
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (isValidStart(text.slice(0, middle))) low = middle
    else high = middle
  }
  const reason = token ? `unexpected character ${JSON.stringify(token[1])}` : 'unexpected text'
  return `${reason} at ${lineAndColumn(text, high - 1)}`
}

/** The entries in `text` (a JSON array), or what is wrong with them. */
export function parseMappingJson(text: string): MappingResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `is not valid JSON: ${jsonProblem(text, error)}` }
  }
  return mappingEntries(value)
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** The workspace-relative path's absolute form, or why it is refused. */
function workspacePath(
  path: string,
  workspace: string,
): { ok: true; absolute: string } | { ok: false; message: string } {
  if (path.startsWith('{')) {
    return {
      ok: false,
      message:
        'starts with {: it must be a JSON array of entries, so wrap the entries in [ and ] (or give a file path)',
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) {
    return {
      ok: false,
      message:
        'is neither JSON (it does not start with [) nor a file path (it contains control characters such as newlines)',
    }
  }
  if (isAbsolute(path) || win32.isAbsolute(path)) {
    return {
      ok: false,
      message: `must be JSON or a path relative to the workspace (GITHUB_WORKSPACE), not an absolute path; got ${shown(path)}`,
    }
  }
  if (!workspace) {
    return {
      ok: false,
      message: `is read as a file path (it does not start with [), but there is no workspace (GITHUB_WORKSPACE is not set) to find ${shown(path)} in; give the JSON itself`,
    }
  }
  const absolute = resolve(workspace, path)
  const inside = relative(resolve(workspace), absolute)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return {
      ok: false,
      message: `must name a file inside the workspace (GITHUB_WORKSPACE); ${shown(path)} ${inside === '' ? 'is the workspace itself' : 'leaves it through ..'}`,
    }
  }
  return { ok: true, absolute }
}

/** Why the file could not be read, by the error's code. */
function unreadable(path: string, error: unknown): string {
  const file = `file ${shown(path)}`
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `names the ${file}, which does not exist in the workspace (GITHUB_WORKSPACE); the value is read as a path because it does not start with [. Check the path, and that the repository is checked out (actions/checkout) before this step`
    case 'EISDIR':
      return `names ${shown(path)}, which is a folder, not a file`
    case 'EFBIG':
      return `${file} is larger than ${MAPPING_FILE_MAX_BYTES} bytes (1 MB); a mapping file is a few kilobytes`
    case 'EACCES':
    case 'EPERM':
      return `${file} cannot be read: permission denied`
    default:
      return `${file} cannot be read (${errorCode(error) ?? 'unknown error'})`
  }
}

/**
 * The mapping input's entries: the JSON itself when the value starts (after whitespace) with `[`,
 * else the JSON in the workspace file it names. Or what is wrong, as one message.
 */
export function readMapping(value: string, files: MappingFiles): MappingResult {
  if (value.trimStart().startsWith('[')) return parseMappingJson(value)
  if (value.trim() === '') return { ok: false, message: 'is required' }
  const path = value.trim()
  const located = workspacePath(path, files.workspace)
  if (!located.ok) return located
  let text: string
  try {
    text = files.readFile(located.absolute)
  } catch (error) {
    return { ok: false, message: unreadable(path, error) }
  }
  if (Buffer.byteLength(text, 'utf8') > MAPPING_FILE_MAX_BYTES) {
    return { ok: false, message: unreadable(path, Object.assign(new Error('too large'), { code: 'EFBIG' })) }
  }
  const parsed = parseMappingJson(text.replace(/^\uFEFF/, ''))
  return parsed.ok ? parsed : { ok: false, message: `file ${shown(path)}: ${parsed.message}` }
}

/** The mapping input as a zod schema: its problems land in the same list as every other input's. */
export function mappingInput(files: MappingFiles) {
  return input((value): Reading<MappingEntry[]> => {
    const result = readMapping(value, files)
    return result.ok ? valid(result.entries) : result
  })
}

/**
 * Reads a mapping file from disk for `MappingFiles.readFile`: refuses one larger than
 * MAPPING_FILE_MAX_BYTES before reading it (code EFBIG). It follows symbolic links.
 */
export function readMappingFile(path: string): string {
  const stats = statSync(path)
  if (stats.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' })
  if (stats.size > MAPPING_FILE_MAX_BYTES) throw Object.assign(new Error(`${path} is too large`), { code: 'EFBIG' })
  return readFileSync(path, 'utf8')
}
