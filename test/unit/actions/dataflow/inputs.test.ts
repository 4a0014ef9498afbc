import { describe, expect, it } from 'vitest'
import {
  DATAFLOW_INPUTS,
  defaultFlowName,
  IF_EXISTS_MODES,
  readDataflowConfig,
  SECRET_INPUTS,
  type DataflowEnv,
  type DataflowInputName,
} from '../../../../src/actions/dataflow/inputs.js'
import { SCHEDULE_FREQUENCIES } from '../../../../src/actions/dataflow/schedule.js'
import { DEFAULT_ADOBE_SCOPES } from '../../../../src/adobe/inputs.js'
import { ActionError } from '../../../../src/core/errors.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { INVALID_DATAFLOW_INPUTS } from '../../../support/invalid-dataflow-inputs.js'

type Inputs = Partial<Record<DataflowInputName, string>>

const MAPPING = [
  { source: 'Properties_Firstname_Value', destination: 'person.name.firstName' },
  { source: 'Added_At', destination: '_repo.createDate' },
]

const VALID: Inputs = {
  'adobe-client-id': '5f0d3c1e8a9b4d7e9c2a6b1f0e3d4c5a',
  'adobe-client-secret': 'p8e-secret+/=',
  'adobe-org-id': '7A1C3E5F9B2D4068ACE13579@AdobeOrg',
  'connection-id': 'c6d4ee17-6752-4e83-94ee-1767522e83fa',
  table: 'Hubspot.Contacts',
  'dataset-id': '5ed5639d798a22191b6987b2',
  mapping: JSON.stringify(MAPPING),
  'delta-column': 'Added_At',
}

/** 2026-01-31T09:00:00.750Z */
const NOW_MS = 1769850000750
const WORKSPACE = '/home/runner/work/repo/repo'

function envWith(files: Record<string, string> = {}, reads: string[] = []): DataflowEnv {
  return {
    workspace: WORKSPACE,
    readFile: (path) => {
      reads.push(path)
      const text = files[path]
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return text
    },
    now: () => NOW_MS,
  }
}

function read(overrides: Inputs = {}, masked: string[] = [], env: DataflowEnv = envWith()) {
  const inputs: Record<string, string | undefined> = { ...VALID, ...overrides }
  return readDataflowConfig((name) => inputs[name] ?? '', new SecretRegistry((value) => masked.push(value)), env)
}

function errorOf(overrides: Inputs, env: DataflowEnv = envWith()): string {
  try {
    read(overrides, [], env)
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).facts.kind).toBe('input')
    return (error as ActionError).message
  }
  throw new Error('expected the inputs to be rejected')
}

describe('the data-flow inputs', () => {
  it('are the Adobe inputs, the source and target, the mapping, the schedule and the step settings', () => {
    expect(Object.keys(DATAFLOW_INPUTS().shape)).toEqual([
      'adobe-client-id',
      'adobe-client-secret',
      'adobe-access-token',
      'adobe-org-id',
      'adobe-scopes',
      'sandbox-name',
      'connection-id',
      'table',
      'dataset-id',
      'mapping',
      'delta-column',
      'flow-name',
      'flow-description',
      'schedule',
      'schedule-interval',
      'start-time',
      'backfill',
      'if-exists',
      'wait-for-run',
      'dry-run',
      'timeout-seconds',
      'platform-url',
      'ims-url',
    ])
    expect(IF_EXISTS_MODES).toEqual(['reuse', 'update', 'fail'])
    expect(SCHEDULE_FREQUENCIES).toEqual(['once', 'minute', 'hour', 'day', 'week'])
  })

  it('mask the Adobe secret and token', () => {
    expect([...SECRET_INPUTS].sort()).toEqual(['adobe-access-token', 'adobe-client-secret'])
  })

  it('take, without a workspace, a mapping given as JSON only', () => {
    const raw = Object.fromEntries(Object.keys(DATAFLOW_INPUTS().shape).map((name) => [name, '']))
    expect(DATAFLOW_INPUTS().safeParse({ ...raw, ...VALID }).success).toBe(true)
    const parsed = DATAFLOW_INPUTS().safeParse({ ...raw, ...VALID, mapping: 'mapping.json' })
    expect(parsed.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['mapping'], expect.stringMatching(/GITHUB_WORKSPACE is not set/)],
    ])
  })
})

describe('readDataflowConfig', () => {
  it('applies the documented defaults', () => {
    const config = read()
    expect(config).toEqual({
      adobe: {
        clientId: VALID['adobe-client-id'],
        clientSecret: 'p8e-secret+/=',
        accessToken: undefined,
        orgId: VALID['adobe-org-id'],
        scopes: DEFAULT_ADOBE_SCOPES.split(','),
      },
      sandboxName: 'prod',
      connectionId: VALID['connection-id'],
      table: 'Hubspot.Contacts',
      datasetId: VALID['dataset-id'],
      mapping: MAPPING.map((entry) => ({ ...entry, sourceType: 'ATTRIBUTE' })),
      deltaColumn: 'Added_At',
      flowName: 'HubSpot Hubspot.Contacts',
      flowDescription: undefined,
      schedule: { frequency: 'once', interval: 1, startTime: 1769850000, startTimeGiven: false, backfill: true },
      ifExists: 'reuse',
      waitForRun: false,
      dryRun: false,
      timeoutSeconds: 600,
      urls: { platform: 'https://platform.adobe.io', ims: 'https://ims-na1.adobelogin.com' },
    })
  })

  it('reads every input into the typed config', () => {
    const config = read({
      'adobe-client-secret': '',
      'adobe-access-token': 'ims-token',
      'adobe-scopes': 'openid, AdobeID',
      'sandbox-name': 'dev-2',
      'connection-id': 'C6D4EE17-6752-4E83-94EE-1767522E83FA',
      table: 'Hubspot.All_Deals',
      'dataset-id': '5ED5639D798A22191B6987B2',
      mapping: ' [{"source": "lower(Name)", "destination": "_tenant.name", "sourceType": "EXPRESSION"}]',
      'delta-column': 'Updated_At',
      'flow-name': 'Deals, "EU" & co = ünïcode',
      'flow-description': 'line one\nline two',
      schedule: 'minute',
      'schedule-interval': '15',
      'start-time': '2026-01-31T10:00:00+01:00',
      backfill: 'False',
      'if-exists': 'update',
      'wait-for-run': 'TRUE',
      'dry-run': 'True',
      'timeout-seconds': '21600',
      'platform-url': 'http://127.0.0.1:8080/',
      'ims-url': 'http://localhost:9000',
    })
    expect(config).toEqual({
      adobe: {
        clientId: VALID['adobe-client-id'],
        clientSecret: undefined,
        accessToken: 'ims-token',
        orgId: VALID['adobe-org-id'],
        scopes: ['openid', 'AdobeID'],
      },
      sandboxName: 'dev-2',
      connectionId: 'C6D4EE17-6752-4E83-94EE-1767522E83FA',
      table: 'Hubspot.All_Deals',
      datasetId: '5ED5639D798A22191B6987B2',
      mapping: [{ source: 'lower(Name)', destination: '_tenant.name', sourceType: 'EXPRESSION' }],
      deltaColumn: 'Updated_At',
      flowName: 'Deals, "EU" & co = ünïcode',
      flowDescription: 'line one\nline two',
      schedule: { frequency: 'minute', interval: 15, startTime: 1769850000, startTimeGiven: true, backfill: false },
      ifExists: 'update',
      waitForRun: true,
      dryRun: true,
      timeoutSeconds: 21600,
      urls: { platform: 'http://127.0.0.1:8080', ims: 'http://localhost:9000' },
    })
  })

  it('masks every secret input before validating anything', () => {
    const masked: string[] = []
    expect(() => read({ 'adobe-org-id': 'bad', mapping: '[', 'adobe-access-token': 'tok' }, masked)).toThrow(
      ActionError,
    )
    for (const secret of ['p8e-secret+/=', 'tok', encodeURIComponent('p8e-secret+/=')]) expect(masked).toContain(secret)
    expect(masked).not.toContain(VALID['adobe-client-id'])
  })

  it('reads a mapping file relative to the workspace', () => {
    const reads: string[] = []
    const env = envWith({ [`${WORKSPACE}/mappings/contacts.json`]: JSON.stringify(MAPPING) }, reads)
    expect(read({ mapping: 'mappings/contacts.json' }, [], env).mapping).toEqual(
      MAPPING.map((entry) => ({ ...entry, sourceType: 'ATTRIBUTE' })),
    )
    expect(read({ mapping: './mappings/../mappings/contacts.json' }, [], env).mapping).toHaveLength(2)
    expect(reads).toEqual([`${WORKSPACE}/mappings/contacts.json`, `${WORKSPACE}/mappings/contacts.json`])
  })

  it('names the mapping file in what is wrong with it', () => {
    const env = envWith({ [`${WORKSPACE}/m.json`]: '[{"source": "a"}]' })
    expect(errorOf({ mapping: 'm.json' }, env)).toContain(
      `- input 'mapping': file "m.json": entry 1: destination is required`,
    )
  })

  it('starts the schedule when the step starts, in whole epoch seconds, unless start-time says', () => {
    expect(read().schedule).toMatchObject({ startTime: 1769850000, startTimeGiven: false })
    expect(read({ 'start-time': '1700000000' }).schedule).toMatchObject({ startTime: 1700000000, startTimeGiven: true })
    expect(read({ 'start-time': '2026-01-31T09:00:00Z' }).schedule.startTime).toBe(1769850000)
  })

  for (const frequency of SCHEDULE_FREQUENCIES) {
    it(`reads schedule ${frequency}`, () =>
      expect(read({ schedule: frequency, 'schedule-interval': '15' }).schedule.frequency).toBe(frequency))
  }
  for (const mode of IF_EXISTS_MODES) {
    it(`reads if-exists ${mode}`, () => expect(read({ 'if-exists': mode }).ifExists).toBe(mode))
  }
  for (const name of ['dry-run', 'wait-for-run', 'backfill'] as const) {
    const key = ({ 'dry-run': 'dryRun', 'wait-for-run': 'waitForRun', backfill: 'backfill' } as const)[name]
    const value = (config: ReturnType<typeof read>) => (key === 'backfill' ? config.schedule.backfill : config[key])
    for (const text of ['true', 'True', 'TRUE']) {
      it(`reads ${name} ${text} as true`, () => expect(value(read({ [name]: text }))).toBe(true))
    }
    for (const text of ['false', 'False', 'FALSE']) {
      it(`reads ${name} ${text} as false`, () => expect(value(read({ [name]: text }))).toBe(false))
    }
  }

  it('takes any interval from 1 for hours, days and weeks, and from 15 for minutes', () => {
    for (const schedule of ['hour', 'day', 'week']) {
      expect(read({ schedule, 'schedule-interval': '1' }).schedule.interval).toBe(1)
    }
    expect(read({ schedule: 'minute', 'schedule-interval': '15' }).schedule.interval).toBe(15)
    expect(errorOf({ schedule: 'minute', 'schedule-interval': '14' })).toMatch(
      /- input 'schedule-interval': must be at least 15 when schedule is minute .*; got "14"/,
    )
    expect(errorOf({ schedule: 'minute' })).toMatch(/- input 'schedule-interval': must be at least 15/)
  })

  it('keeps the default interval and backfill with once: they are simply not sent', () => {
    expect(read({ schedule: 'once' }).schedule).toMatchObject({ interval: 1, backfill: true })
  })

  it('names the flow after the table unless flow-name says, at most 256 characters', () => {
    expect(read({ table: 'Hubspot.All_Deals' }).flowName).toBe(defaultFlowName('Hubspot.All_Deals'))
    expect(defaultFlowName('Hubspot.All_Deals')).toBe('HubSpot Hubspot.All_Deals')
    expect(read({ 'flow-name': 'x'.repeat(256) }).flowName).toHaveLength(256)
    expect(read({ table: `T.${'x'.repeat(246)}` }).flowName).toHaveLength(256)
    expect(errorOf({ table: `T.${'x'.repeat(247)}` })).toMatch(
      /- input 'flow-name': is empty, and its default \(HubSpot <table>\) would be longer than 256 characters/,
    )
    expect(read({ table: `T.${'x'.repeat(247)}`, 'flow-name': 'Short' }).flowName).toBe('Short')
    expect(errorOf({ table: `T.${'x'.repeat(255)}` })).toMatch(/- input 'table': must be at most 256 characters/)
  })

  it('takes a timeout from 1 s to 6 hours', () => {
    expect(read({ 'timeout-seconds': '1' }).timeoutSeconds).toBe(1)
    expect(read({ 'timeout-seconds': '21600' }).timeoutSeconds).toBe(21600)
  })

  for (const { title, overrides, input, rule } of INVALID_DATAFLOW_INPUTS) {
    it(`rejects ${title}, naming ${input}`, () => {
      const message = errorOf(overrides)
      const line = message.split('\n').find((l) => l.startsWith(`- input '${input}':`))
      expect(line, message).toBeDefined()
      expect(line).toMatch(rule)
      expect(message).toMatch(/no request was sent/)
    })
  }

  it('reports every invalid input at once, the mapping and the missing secret among them', () => {
    const message = errorOf({
      'adobe-client-secret': '',
      'connection-id': 'nope',
      mapping: '[{"source": "a"}]',
      schedule: 'minute',
      'schedule-interval': '5',
      'start-time': 'soon',
    })
    expect(message).toMatch(/^5 inputs are invalid/)
    const named = message
      .split('\n')
      .filter((line) => line.startsWith('- input'))
      .map((line) => /^- input '([^']+)'/.exec(line)?.[1])
    expect(named.sort()).toEqual(['adobe-client-secret', 'connection-id', 'mapping', 'schedule-interval', 'start-time'])
  })

  it('never quotes a secret in an error', () => {
    const message = errorOf({ 'adobe-client-secret': 'sekret\u0001value', 'adobe-access-token': 'tok en' })
    expect(message).toContain("- input 'adobe-client-secret': contains control characters")
    expect(message).toContain("- input 'adobe-access-token': must contain only visible ASCII")
    expect(message).not.toContain('sekret')
    expect(message).not.toContain('tok en')
  })
})
