import type * as z from '../core/zod.js'
import {
  EMPTY_SECRET_HINT,
  headerIdentifier,
  headerSecret,
  input,
  invalid,
  keeping,
  matching,
  optional,
  orDefault,
  required,
  secret,
  shown,
  valid,
} from '../core/inputs.js'

export const DEFAULT_ADOBE_SCOPES = 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext'

const ORG_ID = /^[0-9A-Fa-f]{24}@AdobeOrg$/
const SANDBOX_NAME = /^[a-z][a-z0-9-]{0,255}$/
const SCOPE = /^[A-Za-z0-9_.:-]+$/

/** The scopes: a comma-separated list, each trimmed. */
function scopes(value: string) {
  const list = value.split(',').map((scope) => scope.trim())
  return list.every((scope) => SCOPE.test(scope))
    ? valid(list)
    : invalid('must be a comma-separated list of scopes (letters, digits, _ . : -), with no empty entries')
}

/** The Adobe inputs every action shares: the credential, the organization, the sandbox. */
export function adobeInputs() {
  return {
    'adobe-client-id': headerIdentifier(),
    'adobe-client-secret': secret(false),
    'adobe-access-token': headerSecret(),
    'adobe-org-id': required(
      matching(
        ORG_ID,
        (value) =>
          `must be an Adobe organization ID: 24 hexadecimal characters followed by @AdobeOrg (for example 0123456789ABCDEF01234567@AdobeOrg); got ${shown(value)}`,
      ),
    ),
    'adobe-scopes': input((value) => scopes(value || DEFAULT_ADOBE_SCOPES)),
    'sandbox-name': input(
      orDefault(
        'prod',
        keeping(
          matching(
            SANDBOX_NAME,
            (value) =>
              `must start with a lowercase letter and contain only lowercase letters, digits and hyphens, at most 256 characters (for example prod or dev-2); got ${shown(value)}`,
          ),
        ),
      ),
    ),
  }
}

/** adobe-client-secret or adobe-access-token: one of them must be given. */
export function requireAdobeSecretOrToken(
  inputs: { 'adobe-client-secret': string; 'adobe-access-token': string },
  ctx: z.core.$RefinementCtx,
): void {
  if (!inputs['adobe-client-secret'] && !inputs['adobe-access-token']) {
    ctx.addIssue({
      code: 'custom',
      path: ['adobe-client-secret'],
      message: `is empty, and so is adobe-access-token: give one of them. ${EMPTY_SECRET_HINT}`,
    })
  }
}

/** The Adobe part of an action's config. */
export type AdobeConfig = ReturnType<typeof adobeConfig>

/** The Adobe part of an action's config, from the inputs `adobeInputs` read. */
export function adobeConfig(inputs: {
  'adobe-client-id': string
  'adobe-client-secret': string
  'adobe-access-token': string
  'adobe-org-id': string
  'adobe-scopes': string[]
}) {
  return {
    clientId: inputs['adobe-client-id'],
    clientSecret: optional(inputs['adobe-client-secret']),
    accessToken: optional(inputs['adobe-access-token']),
    orgId: inputs['adobe-org-id'],
    scopes: inputs['adobe-scopes'],
  }
}
