import { z } from 'zod'
import { ActionError } from './errors.js'
import type { SecretRegistry } from './secrets.js'

// The building blocks of the actions' input schemas. Every message completes the sentence
// "input 'name' …", so each names its input; no message ever quotes a secret.

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

/** `schema`, applied to the input's value or, when the input is empty, to `fallback`. */
export function orDefault<S extends z.ZodType<unknown, string>>(fallback: string, schema: S) {
  return z
    .string()
    .transform((value) => value || fallback)
    .pipe(schema)
}

export const plainText = () =>
  z.string().refine((value) => !CONTROL_CHARACTERS.test(value), {
    message: 'must not contain control characters (such as newlines or tabs)',
  })

/** Free text that may span lines (a description). */
export const multilineText = () =>
  z.string().refine((value) => !CONTROL_CHARACTERS_BUT_NEWLINES_AND_TABS.test(value), {
    message: 'must not contain control characters other than newlines and tabs',
  })

export const required = () => z.string().min(1, { message: 'is required' })

export const identifier = () =>
  required()
    .pipe(plainText())
    .refine((value) => !/\s/.test(value), { message: 'must not contain whitespace' })

export const headerIdentifier = () =>
  identifier().refine((value) => VISIBLE_ASCII.test(value), {
    message: 'must contain only visible ASCII characters (it is sent in an HTTP header)',
  })

export const secret = (isRequired: boolean) =>
  z.string().superRefine((value, ctx) => {
    if (value.length === 0) {
      if (isRequired) ctx.addIssue({ code: 'custom', message: `is required but empty. ${EMPTY_SECRET_HINT}` })
      return
    }
    if (CONTROL_CHARACTERS.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: "contains control characters (such as a newline); check the secret's value",
      })
    }
  })

export const headerSecret = () =>
  secret(false).refine((value) => value === '' || VISIBLE_ASCII.test(value), {
    message:
      "must contain only visible ASCII characters, with no spaces (it is sent in an HTTP header); check the secret's value",
  })

/** One of `values`, `fallback` when empty. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return orDefault(
    fallback,
    z.enum(values, { error: (issue) => `must be one of ${values.join(', ')}; got ${shown(issue.input)}` }),
  )
}

/** true or false in any form GitHub's YAML accepts, `fallback` when empty. */
export function yamlBoolean(fallback: boolean) {
  return orDefault(
    String(fallback),
    z
      .string()
      .refine((value) => YAML_TRUE.includes(value) || YAML_FALSE.includes(value), {
        error: (issue) => `must be true or false; got ${shown(issue.input)}`,
      })
      .transform((value) => YAML_TRUE.includes(value)),
  )
}

/** A whole number from `min` to `max`, `fallback` when empty; `rule` says so in the message. */
export function wholeNumber(min: number, max: number, fallback: number, rule: string) {
  return orDefault(
    String(fallback),
    z
      .string()
      .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, {
        error: (issue) => `must be ${rule}; got ${shown(issue.input)}`,
      })
      .transform(Number),
  )
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/** Whether the authority part of a URL-like string holds `user[:password]@`. */
function hasUserInfo(value: string): boolean {
  return /^[^/?#]*@/.test(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))
}

/** A service's base URL: https (http only for loopback), no credentials, no query; no trailing slash. */
export const serviceUrl = (defaultUrl: string) =>
  plainText()
    .transform((value) => value || defaultUrl)
    .superRefine((value, ctx) => {
      // A URL with user:password@ carries credentials, and a query is where an API key would be:
      // say so, and never quote them.
      if (hasUserInfo(value)) {
        ctx.addIssue({ code: 'custom', message: 'must not contain credentials (user:password@)' })
        return
      }
      // A bare "?" or "#" leaves URL.search and URL.hash empty, yet every path would land in it.
      if (/[?#]/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must not have a query (?…) or a fragment (#…)' })
        return
      }
      let url: URL
      try {
        url = new URL(value)
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be an absolute URL such as ${defaultUrl}; got ${shown(value)}` })
        return
      }
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
        ctx.addIssue({
          code: 'custom',
          message: `must use https (http is allowed only for loopback hosts such as 127.0.0.1 or localhost); got ${shown(value)}`,
        })
      }
    })
    .transform((value) => value.replace(/\/+$/, ''))

/** '' as undefined, for optional inputs. */
export function optional(value: string): string | undefined {
  return value === '' ? undefined : value
}

/**
 * Masks every secret input, then reads every input the schema names into its validated value.
 * Reports every invalid input at once, each named, with its first broken rule.
 */
export function readInputs<S extends z.ZodObject>(
  schema: S,
  secretInputs: readonly (keyof S['shape'] & string)[],
  getInput: (name: string) => string,
  secrets: SecretRegistry,
): z.output<S> {
  for (const name of secretInputs) secrets.register(getInput(name))
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, getInput(name)]))
  const parsed = schema.safeParse(raw)
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
