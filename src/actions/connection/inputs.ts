import { z } from 'zod'
import { ActionError } from './errors.js'
import type { SecretRegistry } from './secrets.js'

export const IF_EXISTS_MODES = ['reuse', 'update', 'fail', 'create'] as const
export const VERIFY_MODES = ['none', 'connection', 'explore'] as const
export type IfExists = (typeof IF_EXISTS_MODES)[number]
export type VerifyMode = (typeof VERIFY_MODES)[number]

export const DEFAULT_ADOBE_SCOPES = 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext'

/** The inputs whose values are secrets: masked before anything else happens. */
export const SECRET_INPUTS = [
  'adobe-client-secret',
  'adobe-access-token',
  'hubspot-client-secret',
  'hubspot-refresh-token',
  'hubspot-access-token',
] as const

export interface Config {
  adobe: {
    clientId: string
    clientSecret?: string
    accessToken?: string
    orgId: string
    scopes: string[]
  }
  sandboxName: string
  hubspot: {
    clientId: string
    clientSecret: string
    refreshToken: string
    accessToken?: string
  }
  connectionName: string
  connectionDescription?: string
  ifExists: IfExists
  verify: VerifyMode
  dryRun: boolean
  timeoutSeconds: number
  urls: { platform: string; ims: string; hubspot: string }
}

// Control characters are what these patterns look for.
/* eslint-disable no-control-regex */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_CHARACTERS_BUT_NEWLINES_AND_TABS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
/* eslint-enable no-control-regex */
const ORG_ID = /^[0-9A-Fa-f]{24}@AdobeOrg$/
const SANDBOX_NAME = /^[a-z][a-z0-9-]{0,255}$/
const SCOPE = /^[A-Za-z0-9_.:-]+$/
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])
const YAML_TRUE = ['true', 'True', 'TRUE']
const YAML_FALSE = ['false', 'False', 'FALSE']

const EMPTY_SECRET_HINT =
  'If it is set from a secret, check the secret exists and is spelled the same; note that workflows ' +
  'triggered from forks and by Dependabot receive no secrets.'

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/** Whether the authority part of a URL-like string holds `user[:password]@`. */
function hasUserInfo(value: string): boolean {
  return /^[^/?#]*@/.test(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))
}

/** Shows a non-secret value in an error message: quoted, escaped, and cut to a readable length. */
function shown(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value
  return JSON.stringify(cut)
}

// Messages complete the sentence "input 'name' …", so each names its input.
const plainText = () =>
  z.string().refine((value) => !CONTROL_CHARACTERS.test(value), {
    message: 'must not contain control characters (such as newlines or tabs)',
  })

const required = () => z.string().min(1, { message: 'is required' })

const identifier = () =>
  required()
    .pipe(plainText())
    .refine((value) => !/\s/.test(value), { message: 'must not contain whitespace' })

/** Values sent in an HTTP header (x-api-key, Authorization) must be visible ASCII. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/
const headerIdentifier = () =>
  identifier().refine((value) => VISIBLE_ASCII.test(value), {
    message: 'must contain only visible ASCII characters (it is sent in an HTTP header)',
  })

const secret = (isRequired: boolean) =>
  z.string().superRefine((value, ctx) => {
    if (value.length === 0) {
      if (isRequired) ctx.addIssue({ code: 'custom', message: `is required but empty. ${EMPTY_SECRET_HINT}` })
      return
    }
    // Never echo a secret, not even in an error message.
    if (CONTROL_CHARACTERS.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: "contains control characters (such as a newline); check the secret's value",
      })
    }
  })

const headerSecret = () =>
  secret(false).refine((value) => value === '' || VISIBLE_ASCII.test(value), {
    message:
      "must contain only visible ASCII characters, with no spaces (it is sent in an HTTP header); check the secret's value",
  })

const serviceUrl = (defaultUrl: string) =>
  plainText()
    .transform((value) => value || defaultUrl)
    .superRefine((value, ctx) => {
      // A URL with user:password@ carries credentials: say so, and never quote it.
      if (hasUserInfo(value)) {
        ctx.addIssue({ code: 'custom', message: 'must not contain credentials (user:password@)' })
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
      } else if (url.search || url.hash) {
        // Not quoted: a query is where an API key would be.
        ctx.addIssue({ code: 'custom', message: 'must not have a query (?…) or a fragment (#…)' })
      }
    })
    .transform((value) => value.replace(/\/+$/, ''))

function oneOf<T extends string>(values: readonly T[], defaultValue: T) {
  return z
    .string()
    .transform((value) => value || defaultValue)
    .refine((value): value is T => (values as readonly string[]).includes(value), {
      error: (issue) => `must be one of ${values.join(', ')}; got ${shown(String(issue.input))}`,
    })
    .transform((value) => value as T)
}

function buildSchema() {
  return z
    .object({
      'adobe-client-id': headerIdentifier(),
      'adobe-client-secret': secret(false),
      'adobe-access-token': headerSecret(),
      'adobe-org-id': required().refine((value) => ORG_ID.test(value), {
        error: (issue) =>
          `must be an Adobe organization ID: 24 hexadecimal characters followed by @AdobeOrg (for example 0123456789ABCDEF01234567@AdobeOrg); got ${shown(String(issue.input))}`,
      }),
      'adobe-scopes': z
        .string()
        .transform((value) => (value || DEFAULT_ADOBE_SCOPES).split(',').map((scope) => scope.trim()))
        .refine((scopes) => scopes.every((scope) => SCOPE.test(scope)), {
          message: 'must be a comma-separated list of scopes (letters, digits, _ . : -), with no empty entries',
        }),
      'sandbox-name': z
        .string()
        .transform((value) => value || 'prod')
        .refine((value) => SANDBOX_NAME.test(value), {
          error: (issue) =>
            `must start with a lowercase letter and contain only lowercase letters, digits and hyphens, at most 256 characters (for example prod or dev-2); got ${shown(String(issue.input))}`,
        }),
      'hubspot-client-id': identifier(),
      'hubspot-client-secret': secret(true),
      'hubspot-refresh-token': secret(true),
      'hubspot-access-token': secret(false),
      'connection-name': plainText()
        .transform((value) => value || 'HubSpot')
        .refine((value) => value.length <= 256, { message: 'must be at most 256 characters' }),
      'connection-description': z.string().refine((value) => !CONTROL_CHARACTERS_BUT_NEWLINES_AND_TABS.test(value), {
        message: 'must not contain control characters other than newlines and tabs',
      }),
      'if-exists': oneOf(IF_EXISTS_MODES, 'reuse'),
      verify: oneOf(VERIFY_MODES, 'connection'),
      'dry-run': z
        .string()
        .transform((value) => value || 'false')
        .refine((value) => YAML_TRUE.includes(value) || YAML_FALSE.includes(value), {
          error: (issue) => `must be true or false; got ${shown(String(issue.input))}`,
        })
        .transform((value) => YAML_TRUE.includes(value)),
      'timeout-seconds': z
        .string()
        .transform((value) => value || '300')
        .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 21600, {
          error: (issue) =>
            `must be a whole number of seconds from 1 to 21600 (6 hours); got ${shown(String(issue.input))}`,
        })
        .transform(Number),
      'platform-url': serviceUrl('https://platform.adobe.io'),
      'ims-url': serviceUrl('https://ims-na1.adobelogin.com'),
      'hubspot-url': serviceUrl('https://api.hubapi.com'),
    })
    .superRefine((inputs, ctx) => {
      if (!inputs['adobe-client-secret'] && !inputs['adobe-access-token']) {
        ctx.addIssue({
          code: 'custom',
          path: ['adobe-client-secret'],
          message: `is empty, and so is adobe-access-token: give one of them. ${EMPTY_SECRET_HINT}`,
        })
      }
    })
}

export const INPUT_NAMES = [
  'adobe-client-id',
  'adobe-client-secret',
  'adobe-access-token',
  'adobe-org-id',
  'adobe-scopes',
  'sandbox-name',
  'hubspot-client-id',
  'hubspot-client-secret',
  'hubspot-refresh-token',
  'hubspot-access-token',
  'connection-name',
  'connection-description',
  'if-exists',
  'verify',
  'dry-run',
  'timeout-seconds',
  'platform-url',
  'ims-url',
  'hubspot-url',
] as const
export type InputName = (typeof INPUT_NAMES)[number]

/**
 * Masks every secret input, then reads all inputs into one validated Config. Reports every invalid
 * input at once, each named, and never quotes a secret.
 */
export function readConfig(getInput: (name: InputName) => string, secrets: SecretRegistry): Config {
  for (const name of SECRET_INPUTS) secrets.register(getInput(name))

  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, getInput(name)]))
  const parsed = buildSchema().safeParse(raw)
  if (!parsed.success) {
    // One message per input: the first rule it breaks.
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
  const inputs = parsed.data
  const optional = (value: string) => (value === '' ? undefined : value)
  return {
    adobe: {
      clientId: inputs['adobe-client-id'],
      clientSecret: optional(inputs['adobe-client-secret']),
      accessToken: optional(inputs['adobe-access-token']),
      orgId: inputs['adobe-org-id'],
      scopes: inputs['adobe-scopes'],
    },
    sandboxName: inputs['sandbox-name'],
    hubspot: {
      clientId: inputs['hubspot-client-id'],
      clientSecret: inputs['hubspot-client-secret'],
      refreshToken: inputs['hubspot-refresh-token'],
      accessToken: optional(inputs['hubspot-access-token']),
    },
    connectionName: inputs['connection-name'],
    connectionDescription: optional(inputs['connection-description']),
    ifExists: inputs['if-exists'],
    verify: inputs.verify,
    dryRun: inputs['dry-run'],
    timeoutSeconds: inputs['timeout-seconds'],
    urls: { platform: inputs['platform-url'], ims: inputs['ims-url'], hubspot: inputs['hubspot-url'] },
  }
}
