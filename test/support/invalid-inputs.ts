import type { InputName } from '../../src/actions/connection/inputs.js'

export interface InvalidInputCase {
  title: string
  /** Inputs that replace those of a valid step. */
  overrides: Record<string, string>
  /** The input the error must name. */
  input: InputName
  /** What the error must say about it. */
  rule: RegExp
}

/** Every way an input can be invalid: each must fail naming the input, before any request. */
export const INVALID_INPUTS: InvalidInputCase[] = [
  {
    title: 'missing Adobe client id',
    overrides: { 'adobe-client-id': '' },
    input: 'adobe-client-id',
    rule: /is required/,
  },
  {
    title: 'Adobe client id with a space',
    overrides: { 'adobe-client-id': 'a b' },
    input: 'adobe-client-id',
    rule: /whitespace/,
  },
  {
    title: 'neither Adobe secret nor token',
    overrides: { 'adobe-client-secret': '' },
    input: 'adobe-client-secret',
    rule: /adobe-access-token.*forks and by Dependabot/s,
  },
  { title: 'missing org id', overrides: { 'adobe-org-id': '' }, input: 'adobe-org-id', rule: /is required/ },
  {
    title: 'org id without suffix',
    overrides: { 'adobe-org-id': '7A1C3E5F9B2D4068ACE13579' },
    input: 'adobe-org-id',
    rule: /@AdobeOrg/,
  },
  {
    title: 'org id too short',
    overrides: { 'adobe-org-id': '7A1C3E5F9B2D4068ACE1357@AdobeOrg' },
    input: 'adobe-org-id',
    rule: /24 hexadecimal/,
  },
  {
    title: 'org id not hex',
    overrides: { 'adobe-org-id': 'ZZ1C3E5F9B2D4068ACE13579@AdobeOrg' },
    input: 'adobe-org-id',
    rule: /24 hexadecimal/,
  },
  {
    title: 'empty scope entry',
    overrides: { 'adobe-scopes': 'openid,,AdobeID' },
    input: 'adobe-scopes',
    rule: /no empty entries/,
  },
  { title: 'sandbox with capitals', overrides: { 'sandbox-name': 'Prod' }, input: 'sandbox-name', rule: /lowercase/ },
  {
    title: 'sandbox starting with a digit',
    overrides: { 'sandbox-name': '1dev' },
    input: 'sandbox-name',
    rule: /start with a lowercase letter/,
  },
  {
    title: 'sandbox with underscore',
    overrides: { 'sandbox-name': 'my_sandbox' },
    input: 'sandbox-name',
    rule: /hyphens/,
  },
  {
    title: 'sandbox too long',
    overrides: { 'sandbox-name': `a${'b'.repeat(256)}` },
    input: 'sandbox-name',
    rule: /256/,
  },
  {
    title: 'missing HubSpot client id',
    overrides: { 'hubspot-client-id': '' },
    input: 'hubspot-client-id',
    rule: /is required/,
  },
  {
    title: 'missing HubSpot client secret',
    overrides: { 'hubspot-client-secret': '' },
    input: 'hubspot-client-secret',
    rule: /required but empty.*Dependabot/s,
  },
  {
    title: 'missing HubSpot refresh token',
    overrides: { 'hubspot-refresh-token': '' },
    input: 'hubspot-refresh-token',
    rule: /required but empty/,
  },
  {
    title: 'a private-app token as the refresh token',
    overrides: { 'hubspot-refresh-token': 'pat-na1-11111111-2222-3333-4444-555555555555' },
    input: 'hubspot-refresh-token',
    rule: /private-app or static access token .*OAuth.*docs\/HUBSPOT\.md/,
  },
  {
    title: 'a private-app token as the access token',
    overrides: { 'hubspot-access-token': 'pat-eu1-11111111-2222-3333-4444-555555555555' },
    input: 'hubspot-access-token',
    rule: /private-app or static access token .*OAuth/,
  },
  {
    title: 'newline in a name',
    overrides: { 'connection-name': 'Hub\nSpot' },
    input: 'connection-name',
    rule: /control characters/,
  },
  { title: 'name too long', overrides: { 'connection-name': 'x'.repeat(257) }, input: 'connection-name', rule: /256/ },
  {
    title: 'control character in a description',
    overrides: { 'connection-description': 'a\u0007b' },
    input: 'connection-description',
    rule: /control characters/,
  },
  {
    title: 'newline in a secret',
    overrides: { 'hubspot-client-secret': 'abc\ndef' },
    input: 'hubspot-client-secret',
    rule: /control characters/,
  },
  {
    title: 'unknown if-exists',
    overrides: { 'if-exists': 'replace' },
    input: 'if-exists',
    rule: /one of reuse, update, fail, create; got "replace"/,
  },
  { title: 'unknown verify', overrides: { verify: 'full' }, input: 'verify', rule: /one of none, connection, explore/ },
  { title: 'non-boolean dry-run', overrides: { 'dry-run': 'yes' }, input: 'dry-run', rule: /true or false; got "yes"/ },
  {
    title: 'zero timeout',
    overrides: { 'timeout-seconds': '0' },
    input: 'timeout-seconds',
    rule: /whole number of seconds from 1/,
  },
  { title: 'negative timeout', overrides: { 'timeout-seconds': '-5' }, input: 'timeout-seconds', rule: /whole number/ },
  {
    title: 'non-numeric timeout',
    overrides: { 'timeout-seconds': 'ten' },
    input: 'timeout-seconds',
    rule: /whole number/,
  },
  {
    title: 'fractional timeout',
    overrides: { 'timeout-seconds': '1.5' },
    input: 'timeout-seconds',
    rule: /whole number/,
  },
  {
    title: 'malformed URL',
    overrides: { 'platform-url': 'platform.adobe.io' },
    input: 'platform-url',
    rule: /absolute URL/,
  },
  {
    title: 'http to a remote host',
    overrides: { 'ims-url': 'http://ims-na1.adobelogin.com' },
    input: 'ims-url',
    rule: /must use https/,
  },
  {
    title: 'http to a private address',
    overrides: { 'hubspot-url': 'http://10.0.0.5' },
    input: 'hubspot-url',
    rule: /must use https/,
  },
  {
    title: 'ftp URL',
    overrides: { 'platform-url': 'ftp://platform.adobe.io' },
    input: 'platform-url',
    rule: /must use https/,
  },
  {
    title: 'credentials in a URL',
    overrides: { 'platform-url': 'https://user:pw@platform.adobe.io' },
    input: 'platform-url',
    rule: /credentials/,
  },
  {
    title: 'query in a URL',
    overrides: { 'hubspot-url': 'https://api.hubapi.com?x=1' },
    input: 'hubspot-url',
    rule: /query/,
  },
  {
    title: 'non-ASCII Adobe client id',
    overrides: { 'adobe-client-id': 'clïent' },
    input: 'adobe-client-id',
    rule: /visible ASCII/,
  },
  {
    title: 'Adobe access token with a space',
    overrides: { 'adobe-access-token': 'eyJ abc' },
    input: 'adobe-access-token',
    rule: /visible ASCII.*HTTP header/,
  },
  {
    title: 'a tab inside a URL',
    overrides: { 'platform-url': 'https://plat\tform.adobe.io' },
    input: 'platform-url',
    rule: /control characters/,
  },
  {
    title: 'an API key in a URL query',
    overrides: { 'platform-url': 'https://gw.example/aep?api_key=SUPERSECRETKEY123' },
    input: 'platform-url',
    rule: /^- input 'platform-url': must not have a query \(\?…\) or a fragment \(#…\)$/,
  },
  {
    title: 'credentials in a URL without a scheme',
    overrides: { 'ims-url': 'user:s3cret-pass@ims.example' },
    input: 'ims-url',
    rule: /^- input 'ims-url': must not contain credentials \(user:password@\)$/,
  },
]
