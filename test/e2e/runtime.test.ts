import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { actionNode, readActionYaml } from '../support/run-action.js'

/**
 * Two runs use this file: the default one (ACTION_NODE unset: the action runs on the Node running
 * the tests) and `npm run test:node24` (ACTION_NODE points at a Node 24 binary, ACTION_NODE_MAJOR=24).
 * Each run executes at least one of these tests; none compares a Node with itself.
 */
const configuredNode = process.env['ACTION_NODE']
const wantedMajor = process.env['ACTION_NODE_MAJOR']

function majorOf(node: string): number {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  const match = version.match(/^v(\d+)\./)
  expect(match, `${node} --version printed ${JSON.stringify(version)}`).not.toBeNull()
  return Number(match![1])
}

/** The major in action.yml's `runs.using` (node24 → 24). */
function actionYamlMajor(): number {
  const using = readActionYaml().runs.using
  const match = using.match(/^node(\d+)$/)
  expect(match, `runs.using is ${JSON.stringify(using)}`).not.toBeNull()
  return Number(match![1])
}

describe('the runtime the action runs on here', () => {
  it.skipIf(configuredNode)('without ACTION_NODE: the Node running the tests, while action.yml names node24', () => {
    expect(actionNode()).toBe(process.execPath)
    expect(readActionYaml().runs.using).toBe('node24')
  })

  it.runIf(configuredNode)('with ACTION_NODE: ACTION_NODE_MAJOR says which major it must be', () => {
    expect(wantedMajor, 'ACTION_NODE is set but ACTION_NODE_MAJOR is not').toMatch(/^\d+$/)
    expect(actionNode()).not.toBe(process.execPath)
  })

  it.runIf(wantedMajor)('with ACTION_NODE_MAJOR: the binary is that major, the one action.yml names', () => {
    const major = majorOf(actionNode())
    expect(major).toBe(Number(wantedMajor))
    expect(major).toBe(actionYamlMajor())
  })
})
