import * as z from '../../core/zod.js'
import { adobeConfig, adobeInputs, requireAdobeSecretOrToken, type AdobeConfig } from '../../adobe/inputs.js'
import {
  atMost,
  choice,
  input,
  keeping,
  multilineText,
  noControlCharacters,
  optional,
  orDefault,
  readInputs,
  serviceUrl,
  wholeNumber,
  yamlBoolean,
} from '../../core/inputs.js'
import { lazily } from '../../core/lazily.js'
import type { SecretRegistry } from '../../core/secrets.js'
import { hubspotInputs } from '../../hubspot/inputs.js'

export const IF_EXISTS_MODES = ['reuse', 'update', 'fail', 'create'] as const
export const VERIFY_MODES = ['none', 'connection', 'explore'] as const
export type VerifyMode = (typeof VERIFY_MODES)[number]

/** The connection action's inputs, exactly as action.yml declares them: built when first read. */
export const CONNECTION_INPUTS = lazily(() =>
  z
    .object({
      ...adobeInputs(),
      ...hubspotInputs(),
      'connection-name': input(orDefault('HubSpot', keeping(noControlCharacters, atMost(256)))),
      'connection-description': multilineText(),
      'if-exists': choice(IF_EXISTS_MODES, 'reuse'),
      verify: choice(VERIFY_MODES, 'connection'),
      'dry-run': yamlBoolean(false),
      'timeout-seconds': wholeNumber(1, 21600, 300, 'a whole number of seconds from 1 to 21600 (6 hours)'),
      'platform-url': serviceUrl('https://platform.adobe.io'),
      'ims-url': serviceUrl('https://ims-na1.adobelogin.com'),
      'hubspot-url': serviceUrl('https://api.hubapi.com'),
    })
    // Runs even when an input is invalid (`when`: an invalid mode would skip it), so that every
    // problem is reported at once.
    .check(z.superRefine(requireAdobeSecretOrToken, { when: () => true })),
)

export type InputName = keyof ReturnType<typeof CONNECTION_INPUTS>['shape']

/** The inputs whose values are secrets: masked before anything else happens. */
export const SECRET_INPUTS = [
  'adobe-client-secret',
  'adobe-access-token',
  'hubspot-client-secret',
  'hubspot-refresh-token',
  'hubspot-access-token',
] as const satisfies readonly InputName[]

export interface Config {
  adobe: AdobeConfig
  sandboxName: string
  hubspot: {
    clientId: string
    clientSecret: string
    refreshToken: string
    accessToken?: string | undefined
  }
  connectionName: string
  connectionDescription?: string | undefined
  ifExists: (typeof IF_EXISTS_MODES)[number]
  verify: VerifyMode
  dryRun: boolean
  timeoutSeconds: number
  urls: { platform: string; ims: string; hubspot: string }
}

/**
 * Masks every secret input, then reads all inputs into one validated Config. Reports every invalid
 * input at once, each named, and never quotes a secret.
 */
export function readConfig(getInput: (name: string) => string, secrets: SecretRegistry): Config {
  const inputs = readInputs(CONNECTION_INPUTS(), SECRET_INPUTS, getInput, secrets)
  secrets.registerBasicCredentials(inputs['adobe-client-id'], inputs['adobe-client-secret'])
  secrets.registerBasicCredentials(inputs['hubspot-client-id'], inputs['hubspot-client-secret'])
  return {
    adobe: adobeConfig(inputs),
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
