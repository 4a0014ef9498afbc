import { describe, expect, it } from 'vitest'
import { CONNECTION_INPUTS, readConfig, SECRET_INPUTS } from '../../src/actions/connection/inputs.js'
import { SecretRegistry } from '../../src/core/secrets.js'
import { readActionYaml } from '../support/run-action.js'

describe('action.yml', () => {
  const action = readActionYaml()

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the code reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(CONNECTION_INPUTS().shape).sort())
    for (const [name, spec] of Object.entries(action.inputs)) expect(spec.description, name).toMatch(/\w{3,}/)
  })

  it('declares the four outputs, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(['connection-id', 'connection-state', 'etag', 'result'])
    for (const [name, spec] of Object.entries(action.outputs)) expect(spec.description, name).toMatch(/\w{3,}/)
  })

  it('has the same defaults as the code, so a run without the runner behaves the same', () => {
    const required: Record<string, string> = {
      'adobe-client-id': 'id',
      'adobe-client-secret': 's',
      'adobe-org-id': '7A1C3E5F9B2D4068ACE13579@AdobeOrg',
      'hubspot-client-id': 'h',
      'hubspot-client-secret': 's',
      'hubspot-refresh-token': 'r',
    }
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).flatMap(([name, spec]) =>
        spec.default === undefined ? [] : [[name, String(spec.default)]],
      ),
    )
    const fromYaml = readConfig(
      (name) => (({ ...defaults, ...required }) as Record<string, string>)[name] ?? '',
      new SecretRegistry(() => undefined),
    )
    const fromCode = readConfig((name) => required[name] ?? '', new SecretRegistry(() => undefined))
    expect(fromYaml).toEqual(fromCode)
  })

  it('says which inputs are masked', () => {
    for (const name of SECRET_INPUTS) expect(action.inputs[name]?.description, name).toMatch(/Masked\./)
  })
})
