import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import {
  DATAFLOW_INPUTS,
  readDataflowConfig,
  SECRET_INPUTS,
  type DataflowEnv,
} from '../../../../src/actions/dataflow/inputs.js'
import { DEFAULT_ADOBE_SCOPES } from '../../../../src/adobe/inputs.js'
import { SecretRegistry } from '../../../../src/core/secrets.js'
import { readActionYaml, ROOT, type ActionYaml } from '../../../support/run-action.js'

interface DataflowActionYaml extends ActionYaml {
  name: string
  description: string
  author: string
  branding: { icon: string; color: string }
}

const action = parse(readFileSync(join(ROOT, 'dataflow', 'action.yml'), 'utf8')) as DataflowActionYaml
const connectionAction = readActionYaml() as DataflowActionYaml

/** The interface users write into workflows: required, and the default as action.yml gives it. */
const INTERFACE: Record<string, { required: boolean; default?: string }> = {
  'adobe-client-id': { required: true },
  'adobe-client-secret': { required: false },
  'adobe-access-token': { required: false },
  'adobe-org-id': { required: true },
  'adobe-scopes': { required: false, default: DEFAULT_ADOBE_SCOPES },
  'sandbox-name': { required: false, default: 'prod' },
  'connection-id': { required: true },
  table: { required: true },
  'dataset-id': { required: true },
  mapping: { required: true },
  'delta-column': { required: true },
  'flow-name': { required: false },
  'flow-description': { required: false },
  schedule: { required: false, default: 'once' },
  'schedule-interval': { required: false, default: '1' },
  'start-time': { required: false },
  backfill: { required: false, default: 'true' },
  'if-exists': { required: false, default: 'reuse' },
  'wait-for-run': { required: false, default: 'false' },
  'dry-run': { required: false, default: 'false' },
  'timeout-seconds': { required: false, default: '600' },
  'platform-url': { required: false, default: 'https://platform.adobe.io' },
  'ims-url': { required: false, default: 'https://ims-na1.adobelogin.com' },
}

const OUTPUTS = [
  'flow-id',
  'source-connection-id',
  'target-connection-id',
  'mapping-id',
  'mapping-version',
  'result',
  'run-id',
  'run-status',
  'records-read',
  'records-written',
  'records-failed',
]

describe('dataflow/action.yml', () => {
  it('names the action, its publisher and its branding as the connection action does', () => {
    expect(action.name).toBe('HubSpot data flow for Adobe Experience Platform')
    expect(action.description).toMatch(/\w{3,}/)
    expect(action.author).toBe(connectionAction.author)
    expect(Object.keys(action.branding).sort()).toEqual(Object.keys(connectionAction.branding).sort())
    expect(action.branding.color).toBe(connectionAction.branding.color)
  })

  it('runs its bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: '../dist/dataflow/index.js' })
  })

  it('declares exactly the inputs the code reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(DATAFLOW_INPUTS().shape).sort())
    expect(Object.keys(action.inputs)).toEqual(Object.keys(INTERFACE))
    for (const [name, spec] of Object.entries(action.inputs)) expect(spec.description, name).toMatch(/\w{3,}/)
  })

  it('declares which inputs are required, and their defaults, as the interface says', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      const expected = INTERFACE[name]!
      expect(spec.required, name).toBe(expected.required)
      expect(spec.default, name).toBe(expected.default)
    }
  })

  it('declares the outputs, each described', () => {
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS)
    for (const [name, spec] of Object.entries(action.outputs)) expect(spec.description, name).toMatch(/\w{3,}/)
    for (const name of ['run-id', 'run-status', 'records-read', 'records-written', 'records-failed']) {
      expect(action.outputs[name]?.description, name).toMatch(/empty unless wait-for-run is true/)
    }
  })

  it('has the same defaults as the code, so a run without the runner behaves the same', () => {
    const required: Record<string, string> = {
      'adobe-client-id': 'id',
      'adobe-client-secret': 's',
      'adobe-org-id': '7A1C3E5F9B2D4068ACE13579@AdobeOrg',
      'connection-id': 'c6d4ee17-6752-4e83-94ee-1767522e83fa',
      table: 'Hubspot.Contacts',
      'dataset-id': '5ed5639d798a22191b6987b2',
      mapping: '[{"source": "Added_At", "destination": "_repo.createDate"}]',
      'delta-column': 'Added_At',
    }
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).flatMap(([name, spec]) =>
        spec.default === undefined ? [] : [[name, String(spec.default)]],
      ),
    )
    const env: DataflowEnv = { workspace: '/ws', readFile: () => '', now: () => 1769850000000 }
    const secrets = new SecretRegistry(() => undefined)
    const fromYaml = readDataflowConfig(
      (name) => (({ ...defaults, ...required }) as Record<string, string>)[name] ?? '',
      secrets,
      env,
    )
    const fromCode = readDataflowConfig((name) => required[name] ?? '', secrets, env)
    expect(fromYaml).toEqual(fromCode)
  })

  it('says which inputs are masked, and only those', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      if ((SECRET_INPUTS as readonly string[]).includes(name)) expect(spec.description, name).toMatch(/Masked\.$/)
      else expect(spec.description, name).not.toMatch(/Masked/)
    }
  })
})
