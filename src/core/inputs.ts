import * as z from './zod.js'
import { ActionError } from './errors.js'
import type { SecretRegistry } from './secrets.js'

// The building blocks of the actions' input schemas. Every message completes the sentence
// "input 'name' …", so each names its input; no message ever quotes a secret.
//
// Each input is one zod schema, and a cheap one: a single transform whose rules are the plain
// functions below, composed in order (the first rule a value breaks is the one reported). Chains of
// zod refinements, pipes and defaults cost a schema instance each, and an action builds them all
// before it can say that one input is wrong.

// Control characters are what these patterns look for.
/* eslint-disable no-control-regex */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_CHARACTERS_BUT_NEWLINES_AND_TABS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
/* eslint-enable no-control-regex */
/** Values sent in an HTTP header (x-api-key, Authorization) must be visible ASCII. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])
/** The boolean forms GitHub's YAML 1.2 core schema accepts. */
const YAML_TRUE = ['true', 'True', 'TRUE']
const YAML_FALSE = ['false', 'False', 'FALSE']

export const EMPTY_SECRET_HINT =
  'If it is set from a secret, check the secret exists and is spelled the same; note that workflows ' +
  'triggered from forks and by Dependabot receive no secrets.'

/** Shows a non-secret value in an error message: quoted, escaped, and cut to a readable length. */
export function shown(value: unknown): string {
  const text = String(value)
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)
}

/** What an input's text reads as: its value, or what is wrong with it. */
export type Reading<T> = { ok: true; value: T } | { ok: false; message: string }

/** Reads an input's text into its value, or says what is wrong with it. */
export type Reader<T> = (value: string) => Reading<T>

/** A rule a text must keep: what is wrong with `value`, or undefined when nothing is. */
export type Rule = (value: string) => string | undefined

export const valid = <T>(value: T): Reading<T> => ({ ok: true, value })
export const invalid = (message: string): Reading<never> => ({ ok: false, message })

/** `value` when it keeps every rule; else the first rule it breaks. */
export function checked(value: string, rules: readonly Rule[]): Reading<string> {
  for (const rule of rules) {
    const message = rule(value)
    if (message !== undefined) return invalid(message)
  }
  return valid(value)
}

/** Reads the text as it is, when it keeps every rule. */
export const keeping =
  (...rules: Rule[]): Reader<string> =>
  (value) =>
    checked(value, rules)

/** `read` of the input's value or, when the input is empty, `fallback`: ours, so taken as it is. */
export function orDefault<T>(fallback: T, read: Reader<T>): Reader<T> {
  return (value) => (value === '' ? valid(fallback) : read(value))
}

/**
 * One input as one zod schema: `read` gives its value, or its problem. A value that breaks a rule
 * goes on as it was given, as a zod refinement leaves it, and the problem does not stop the rules
 * about several inputs (each checks the types it reads).
 */
export function input<T>(read: Reader<T>) {
  return z.transform((value: unknown, ctx): T => {
    const reading = typeof value === 'string' ? read(value) : invalid(`must be a string; got ${typeof value}`)
    if (reading.ok) return reading.value
    ctx.issues.push({ code: 'custom', message: reading.message, input: value, continue: true })
    return value as T
  })
}

// The rules, each a plain function.

export const isRequired: Rule = (value) => (value === '' ? 'is required' : undefined)

export const noControlCharacters: Rule = (value) =>
  CONTROL_CHARACTERS.test(value) ? 'must not contain control characters (such as newlines or tabs)' : undefined

export const noControlCharactersButNewlinesAndTabs: Rule = (value) =>
  CONTROL_CHARACTERS_BUT_NEWLINES_AND_TABS.test(value)
    ? 'must not contain control characters other than newlines and tabs'
    : undefined

export const noWhitespace: Rule = (value) => (/\s/.test(value) ? 'must not contain whitespace' : undefined)

export const visibleAscii: Rule = (value) =>
  VISIBLE_ASCII.test(value) ? undefined : 'must contain only visible ASCII characters (it is sent in an HTTP header)'

export const atMost =
  (length: number): Rule =>
  (value) =>
    value.length > length ? `must be at most ${length} characters` : undefined

/** A value must match `pattern`; `message` says what it must be, and may show what it got. */
export const matching =
  (pattern: RegExp, message: (value: string) => string): Rule =>
  (value) =>
    pattern.test(value) ? undefined : message(value)

const IDENTIFIER_RULES = [isRequired, noControlCharacters, noWhitespace]

// The building blocks.

/** Text on one line; `rules` after that. */
export const plainText = (...rules: Rule[]) => input(keeping(noControlCharacters, ...rules))

/** Free text that may span lines (a description). */
export const multilineText = () => input(keeping(noControlCharactersButNewlinesAndTabs))

export const required = (...rules: Rule[]) => input(keeping(isRequired, ...rules))

/** Required, on one line, without whitespace; `rules` after that. */
export const identifier = (...rules: Rule[]) => input(keeping(...IDENTIFIER_RULES, ...rules))

export const headerIdentifier = () => identifier(visibleAscii)

const SECRET_CONTROL_CHARACTERS: Rule = (value) =>
  CONTROL_CHARACTERS.test(value)
    ? "contains control characters (such as a newline); check the secret's value"
    : undefined

/** A secret: required or not; when given, it keeps `rules` (their messages never quote it). */
export const secret = (isRequired: boolean, ...rules: Rule[]) =>
  input((value) => {
    if (value === '') return isRequired ? invalid(`is required but empty. ${EMPTY_SECRET_HINT}`) : valid(value)
    return checked(value, [SECRET_CONTROL_CHARACTERS, ...rules])
  })

export const headerSecret = () =>
  secret(false, (value) =>
    VISIBLE_ASCII.test(value)
      ? undefined
      : "must contain only visible ASCII characters, with no spaces (it is sent in an HTTP header); check the secret's value",
  )

/** One of `values`, `fallback` when empty. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.pipe(
    z.transform((value: unknown) => value || fallback),
    z.enum(values, { error: (issue) => `must be one of ${values.join(', ')}; got ${shown(issue.input)}` }),
  )
}

/** true or false in any form GitHub's YAML accepts, `fallback` when empty. */
export function yamlBoolean(fallback: boolean) {
  return input(
    orDefault(fallback, (value) => {
      if (YAML_TRUE.includes(value)) return valid(true)
      if (YAML_FALSE.includes(value)) return valid(false)
      return invalid(`must be true or false; got ${shown(value)}`)
    }),
  )
}

/** A whole number from `min` to `max`, `fallback` when empty; `rule` says so in the message. */
export function wholeNumber(min: number, max: number, fallback: number, rule: string) {
  return input(
    orDefault(fallback, (value) =>
      /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max
        ? valid(Number(value))
        : invalid(`must be ${rule}; got ${shown(value)}`),
    ),
  )
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/** Whether the authority part of a URL-like string holds `user[:password]@`. */
function hasUserInfo(value: string): boolean {
  return /^[^/?#]*@/.test(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))
}

/** What is wrong with a service's base URL, if anything. */
function serviceUrlProblem(value: string, defaultUrl: string): string | undefined {
  // A URL with user:password@ carries credentials, and a query is where an API key would be:
  // say so, and never quote them.
  if (hasUserInfo(value)) return 'must not contain credentials (user:password@)'
  // A bare "?" or "#" leaves URL.search and URL.hash empty, yet every path would land in it.
  if (/[?#]/.test(value)) return 'must not have a query (?…) or a fragment (#…)'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `must be an absolute URL such as ${defaultUrl}; got ${shown(value)}`
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return `must use https (http is allowed only for loopback hosts such as 127.0.0.1 or localhost); got ${shown(value)}`
  }
  return undefined
}

/** A service's base URL: https (http only for loopback), no credentials, no query; no trailing slash. */
export const serviceUrl = (defaultUrl: string) =>
  input(
    orDefault(defaultUrl, (value) => {
      const problem = noControlCharacters(value) ?? serviceUrlProblem(value, defaultUrl)
      return problem === undefined ? valid(value.replace(/\/+$/, '')) : invalid(problem)
    }),
  )

/** '' as undefined, for optional inputs. */
export function optional(value: string): string | undefined {
  return value === '' ? undefined : value
}

/**
 * Masks every secret input, then reads every input the schema names into its validated value.
 * Reports every invalid input at once, each named, with its first broken rule.
 */
export function readInputs<S extends z.ZodMiniObject>(
  schema: S,
  secretInputs: readonly (keyof S['shape'] & string)[],
  getInput: (name: string) => string,
  secrets: SecretRegistry,
): z.output<S> {
  for (const name of secretInputs) secrets.register(getInput(name))
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, getInput(name)]))
  const parsed = z.safeParse(schema, raw)
  if (parsed.success) return parsed.data
  const firstIssues = new Map<string, string>()
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'inputs')
    if (!firstIssues.has(name)) firstIssues.set(name, issue.message)
  }
  const lines = [...firstIssues].map(([name, message]) => `- input '${name}': ${message}`)
  const count = lines.length === 1 ? 'An input is invalid' : `${lines.length} inputs are invalid`
  throw new ActionError(`${count}; no request was sent:\n${lines.join('\n')}`, {
    kind: 'input',
    hint: "Fix the step's `with:` values; the README lists every input and what it accepts.",
  })
}
