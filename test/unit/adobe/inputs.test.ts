import { describe, expect, it } from 'vitest'
import * as z from '../../../src/core/zod.js'
import { adobeInputs, DEFAULT_ADOBE_SCOPES, requireAdobeSecretOrToken } from '../../../src/adobe/inputs.js'
import { EMPTY_SECRET_HINT } from '../../../src/core/inputs.js'

const first = (result: z.core.util.SafeParseResult<unknown>) =>
  result.success ? result.data : result.error.issues[0]!.message

describe('adobeInputs', () => {
  it('reads an org ID of 24 hex characters and @AdobeOrg', () => {
    expect(first(z.safeParse(adobeInputs()['adobe-org-id'], '7a1c3e5f9b2d4068ace13579@AdobeOrg'))).toBe(
      '7a1c3e5f9b2d4068ace13579@AdobeOrg',
    )
    expect(first(z.safeParse(adobeInputs()['adobe-org-id'], ''))).toBe('is required')
    expect(first(z.safeParse(adobeInputs()['adobe-org-id'], '7A1C3E5F9B2D4068ACE13579@adobeorg'))).toMatch(
      /^must be an Adobe organization ID: 24 hexadecimal characters followed by @AdobeOrg .*; got "7A1C3E5F9B2D4068ACE13579@adobeorg"$/,
    )
  })

  it('reads scopes as a trimmed list, the default when empty', () => {
    expect(first(z.safeParse(adobeInputs()['adobe-scopes'], ''))).toEqual(DEFAULT_ADOBE_SCOPES.split(','))
    expect(first(z.safeParse(adobeInputs()['adobe-scopes'], ' openid , AdobeID '))).toEqual(['openid', 'AdobeID'])
    expect(first(z.safeParse(adobeInputs()['adobe-scopes'], 'openid,'))).toMatch(/no empty entries/)
    expect(first(z.safeParse(adobeInputs()['adobe-scopes'], 'open id'))).toMatch(/comma-separated list of scopes/)
  })

  it('reads a sandbox name, prod when empty', () => {
    expect(first(z.safeParse(adobeInputs()['sandbox-name'], ''))).toBe('prod')
    expect(first(z.safeParse(adobeInputs()['sandbox-name'], 'dev-2'))).toBe('dev-2')
    expect(first(z.safeParse(adobeInputs()['sandbox-name'], `a${'b'.repeat(255)}`))).toBe(`a${'b'.repeat(255)}`)
    expect(first(z.safeParse(adobeInputs()['sandbox-name'], `a${'b'.repeat(256)}`))).toMatch(/at most 256 characters/)
  })
})

describe('requireAdobeSecretOrToken', () => {
  const schema = z
    .object({ 'adobe-client-secret': z.string(), 'adobe-access-token': z.string() })
    .check(z.superRefine(requireAdobeSecretOrToken))

  it('accepts the secret, the token, or both', () => {
    for (const [secret, token] of [
      ['s', ''],
      ['', 't'],
      ['s', 't'],
    ]) {
      expect(schema.safeParse({ 'adobe-client-secret': secret, 'adobe-access-token': token }).success).toBe(true)
    }
  })

  it('names adobe-client-secret when both are empty', () => {
    const result = schema.safeParse({ 'adobe-client-secret': '', 'adobe-access-token': '' })
    expect(result.success).toBe(false)
    expect(result.error!.issues).toEqual([
      expect.objectContaining({
        path: ['adobe-client-secret'],
        message: `is empty, and so is adobe-access-token: give one of them. ${EMPTY_SECRET_HINT}`,
      }),
    ])
  })
})
