import { describe, expect, it } from 'vitest'
import { decide, resultOf, type Decision, type IfExists } from '../../../../src/adobe/flow-service/decide.js'

const a = { id: 'a', name: 'HubSpot', etag: '"1"' }
const b = { id: 'b', name: 'HubSpot', etag: '"2"' }
const c = { id: 'c', name: 'HubSpot', etag: '"3"' }

describe('decide', () => {
  const table: Array<[IfExists, (typeof a)[], Decision<typeof a>]> = [
    ['reuse', [], { action: 'create' }],
    ['update', [], { action: 'create' }],
    ['fail', [], { action: 'create' }],
    ['create', [], { action: 'create' }],
    ['reuse', [a], { action: 'reuse', existing: a }],
    ['update', [a], { action: 'update', existing: a }],
    ['fail', [a], { action: 'fail', reason: 'exists', ids: ['a'] }],
    ['create', [a], { action: 'create' }],
    ['reuse', [a, b], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b'] }],
    ['update', [a, b], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b'] }],
    ['fail', [a, b], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b'] }],
    ['create', [a, b], { action: 'create' }],
    ['reuse', [a, b, c], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b', 'c'] }],
    ['create', [a, b, c], { action: 'create' }],
  ]
  for (const [mode, matches, expected] of table) {
    it(`${mode} with ${matches.length} match(es) → ${expected.action}`, () => {
      expect(decide(mode, matches)).toEqual(expected)
    })
  }

  it('hands back the matched resource itself', () => {
    const decision = decide('reuse', [a])
    expect(decision.action === 'reuse' && decision.existing).toBe(a)
  })

  it('names the result of each write', () => {
    expect(resultOf({ action: 'create' })).toBe('created')
    expect(resultOf({ action: 'reuse', existing: a })).toBe('reused')
    expect(resultOf({ action: 'update', existing: a })).toBe('updated')
  })
})
