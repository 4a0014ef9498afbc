import type { DataflowInputName } from '../../src/actions/dataflow/inputs.js'

export interface InvalidDataflowInputCase {
  title: string
  /** Inputs that replace those of a valid step. */
  overrides: Record<string, string>
  /** The input the error must name. */
  input: DataflowInputName
  /** What the error must say about it. */
  rule: RegExp
}

/**
 * Every way an input of the data-flow action can be invalid: each must fail naming the input,
 * before any request. The mapping cases give the JSON inline, except the path cases, which need a
 * workspace (GITHUB_WORKSPACE) that holds no mappings/absent.json.
 */
export const INVALID_DATAFLOW_INPUTS: InvalidDataflowInputCase[] = [
  {
    title: 'missing Adobe client id',
    overrides: { 'adobe-client-id': '' },
    input: 'adobe-client-id',
    rule: /is required/,
  },
  {
    title: 'neither Adobe secret nor token',
    overrides: { 'adobe-client-secret': '', 'adobe-access-token': '' },
    input: 'adobe-client-secret',
    rule: /adobe-access-token.*forks and by Dependabot/s,
  },
  {
    title: 'org id without suffix',
    overrides: { 'adobe-org-id': '7A1C3E5F9B2D4068ACE13579' },
    input: 'adobe-org-id',
    rule: /@AdobeOrg/,
  },
  { title: 'sandbox with capitals', overrides: { 'sandbox-name': 'Prod' }, input: 'sandbox-name', rule: /lowercase/ },
  {
    title: 'missing connection id',
    overrides: { 'connection-id': '' },
    input: 'connection-id',
    rule: /is required/,
  },
  {
    title: 'connection id that is not a UUID',
    overrides: { 'connection-id': 'c6d4ee17-6752-4e83-94ee' },
    input: 'connection-id',
    rule: /a UUID such as .*; got "c6d4ee17-6752-4e83-94ee"/,
  },
  {
    title: 'connection id with a space',
    overrides: { 'connection-id': 'c6d4ee17 6752' },
    input: 'connection-id',
    rule: /whitespace/,
  },
  { title: 'missing table', overrides: { table: '' }, input: 'table', rule: /is required/ },
  { title: 'table with a space', overrides: { table: 'Hubspot.All Deals' }, input: 'table', rule: /whitespace/ },
  {
    title: 'table with a hyphen',
    overrides: { table: 'Hubspot.All-Deals' },
    input: 'table',
    rule: /table as explore lists it, such as Hubspot\.Contacts.*got "Hubspot\.All-Deals"/,
  },
  { title: 'table ending with a dot', overrides: { table: 'Hubspot.' }, input: 'table', rule: /joined by dots/ },
  { title: 'missing dataset id', overrides: { 'dataset-id': '' }, input: 'dataset-id', rule: /is required/ },
  {
    title: 'dataset id too short',
    overrides: { 'dataset-id': '5ed5639d798a22191b6987b' },
    input: 'dataset-id',
    rule: /24 hexadecimal characters/,
  },
  {
    title: 'dataset id as Catalog returns it on create',
    overrides: { 'dataset-id': '@/dataSets/5ed5639d798a22191b6987b2' },
    input: 'dataset-id',
    rule: /without @\/dataSets\/: 5ed5639d798a22191b6987b2$/,
  },
  { title: 'missing mapping', overrides: { mapping: '' }, input: 'mapping', rule: /is required/ },
  {
    title: 'mapping that is not valid JSON',
    overrides: { mapping: '[{"source": "Added_At", "destination": }]' },
    input: 'mapping',
    rule: /is not valid JSON: unexpected character "}" at line 1, column 40$/,
  },
  { title: 'empty mapping', overrides: { mapping: '[]' }, input: 'mapping', rule: /at least one entry/ },
  {
    title: 'mapping entry without destination',
    overrides: { mapping: '[{"source": "Added_At", "destination": "_repo.createDate"}, {"source": "Portal_Id"}]' },
    input: 'mapping',
    rule: /entry 2: destination is required$/,
  },
  {
    title: 'mapping entry with an unknown key',
    overrides: { mapping: '[{"sourceAttribute": "Added_At", "destination": "_repo.createDate"}]' },
    input: 'mapping',
    rule: /entry 1: has unknown key "sourceAttribute" \(write source\)/,
  },
  {
    title: 'mapping entry with an unknown source type',
    overrides: { mapping: '[{"source": "Added_At", "destination": "_repo.createDate", "sourceType": "text"}]' },
    input: 'mapping',
    rule: /entry 1: sourceType must be ATTRIBUTE or EXPRESSION .*got "text"/,
  },
  {
    title: 'mapping with a destination twice',
    overrides: {
      mapping:
        '[{"source": "Added_At", "destination": "_repo.createDate"}, {"source": "Portal_Id", "destination": "_repo.createDate"}]',
    },
    input: 'mapping',
    rule: /entry 2: destination "_repo\.createDate" is already the destination of entry 1/,
  },
  {
    title: 'mapping as one object, not an array',
    overrides: { mapping: '{"source": "Added_At", "destination": "_repo.createDate"}' },
    input: 'mapping',
    rule: /JSON array .*wrap the entries in \[ and \]/,
  },
  {
    title: 'mapping file outside the workspace',
    overrides: { mapping: '../mappings/contacts.json' },
    input: 'mapping',
    rule: /inside the workspace .*"\.\.\/mappings\/contacts\.json" leaves it/,
  },
  {
    title: 'mapping file by absolute path',
    overrides: { mapping: '/etc/mapping.json' },
    input: 'mapping',
    rule: /not an absolute path; got "\/etc\/mapping\.json"/,
  },
  {
    title: 'missing mapping file',
    overrides: { mapping: 'mappings/absent.json' },
    input: 'mapping',
    rule: /file "mappings\/absent\.json", which does not exist in the workspace/,
  },
  { title: 'missing delta column', overrides: { 'delta-column': '' }, input: 'delta-column', rule: /is required/ },
  {
    title: 'delta column with a space',
    overrides: { 'delta-column': 'Added At' },
    input: 'delta-column',
    rule: /whitespace/,
  },
  { title: 'newline in a flow name', overrides: { 'flow-name': 'Hub\nSpot' }, input: 'flow-name', rule: /control/ },
  { title: 'flow name too long', overrides: { 'flow-name': 'x'.repeat(257) }, input: 'flow-name', rule: /256/ },
  {
    title: 'control character in a flow description',
    overrides: { 'flow-description': 'a\u0007b' },
    input: 'flow-description',
    rule: /control characters/,
  },
  {
    title: 'unknown schedule',
    overrides: { schedule: 'daily' },
    input: 'schedule',
    rule: /one of once, minute, hour, day, week; got "daily"/,
  },
  {
    title: 'zero schedule interval',
    overrides: { schedule: 'hour', 'schedule-interval': '0' },
    input: 'schedule-interval',
    rule: /whole number from 1/,
  },
  {
    title: 'fractional schedule interval',
    overrides: { schedule: 'day', 'schedule-interval': '1.5' },
    input: 'schedule-interval',
    rule: /whole number .*got "1\.5"/,
  },
  {
    title: 'schedule interval under 15 minutes',
    overrides: { schedule: 'minute', 'schedule-interval': '5' },
    input: 'schedule-interval',
    rule: /at least 15 when schedule is minute.*got "5"/,
  },
  {
    title: 'start time without a timezone',
    overrides: { 'start-time': '2026-01-31T09:00:00' },
    input: 'start-time',
    rule: /timezone: end it with Z/,
  },
  {
    title: 'start time as a date alone',
    overrides: { 'start-time': '2026-01-31' },
    input: 'start-time',
    rule: /time of day and a timezone/,
  },
  {
    title: 'start time in epoch milliseconds',
    overrides: { 'start-time': '1769850000000' },
    input: 'start-time',
    rule: /epoch milliseconds.*epoch seconds are expected/,
  },
  {
    title: 'start time that is no date',
    overrides: { 'start-time': 'tomorrow' },
    input: 'start-time',
    rule: /ISO 8601 .* or epoch seconds .*got "tomorrow"/,
  },
  {
    title: 'start time on a day that does not exist',
    overrides: { 'start-time': '2026-02-30T09:00:00Z' },
    input: 'start-time',
    rule: /not a real date and time/,
  },
  {
    title: 'non-boolean backfill',
    overrides: { backfill: 'yes' },
    input: 'backfill',
    rule: /true or false; got "yes"/,
  },
  {
    title: 'if-exists create (the flow name is the key)',
    overrides: { 'if-exists': 'create' },
    input: 'if-exists',
    rule: /one of reuse, update, fail; got "create"/,
  },
  {
    title: 'non-boolean wait-for-run',
    overrides: { 'wait-for-run': 'on' },
    input: 'wait-for-run',
    rule: /true or false; got "on"/,
  },
  { title: 'non-boolean dry-run', overrides: { 'dry-run': '1' }, input: 'dry-run', rule: /true or false; got "1"/ },
  {
    title: 'zero timeout',
    overrides: { 'timeout-seconds': '0' },
    input: 'timeout-seconds',
    rule: /whole number of seconds from 1 to 21600/,
  },
  {
    title: 'timeout over 6 hours',
    overrides: { 'timeout-seconds': '21601' },
    input: 'timeout-seconds',
    rule: /from 1 to 21600 \(6 hours\); got "21601"/,
  },
  {
    title: 'http to a remote platform',
    overrides: { 'platform-url': 'http://platform.adobe.io' },
    input: 'platform-url',
    rule: /must use https/,
  },
  {
    title: 'credentials in the IMS URL',
    overrides: { 'ims-url': 'https://user:s3cret@ims.example' },
    input: 'ims-url',
    rule: /^- input 'ims-url': must not contain credentials \(user:password@\)$/,
  },
]
