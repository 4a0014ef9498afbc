import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { actionNode, readActionYaml } from '../support/run-action.js'

describe('the runtime the action runs on here', () => {
  it('is the one this run was asked for', () => {
    const version = execFileSync(actionNode(), ['--version'], { encoding: 'utf8' }).trim()
    const wanted = process.env['ACTION_NODE_MAJOR'] ?? process.versions.node.split('.')[0]
    expect(version).toMatch(new RegExp(`^v${wanted}\\.`))
  })

  it.runIf(process.env['ACTION_NODE_MAJOR'])('is the one action.yml names, in the Node 24 run', () => {
    expect(readActionYaml().runs.using).toBe(`node${process.env['ACTION_NODE_MAJOR']}`)
  })
})
