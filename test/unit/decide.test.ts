import { describe, expect, it } from 'vitest'
import type { IfExists } from '../../src/config.js'
import { decide, resultOf, type Decision } from '../../src/decide.js'

const a = { id: 'a', name: 'HubSpot', etag: '"1"' }
const b = { id: 'b', name: 'HubSpot', etag: '"2"' }

describe('decide', () => {
  const table: Array<[IfExists, (typeof a)[], Decision]> = [
    ['reuse', [], { action: 'create' }],
    ['update', [], { action: 'create' }],
    ['fail', [], { action: 'create' }],
    ['create', [], { action: 'create' }],
    ['reuse', [a], { action: 'reuse', connection: a }],
    ['update', [a], { action: 'update', connection: a }],
    ['fail', [a], { action: 'fail', reason: 'exists', ids: ['a'] }],
    ['create', [a], { action: 'create' }],
    ['reuse', [a, b], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b'] }],
    ['update', [a, b], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b'] }],
    ['fail', [a, b], { action: 'fail', reason: 'ambiguous', ids: ['a', 'b'] }],
    ['create', [a, b], { action: 'create' }],
  ]
  for (const [mode, matches, expected] of table) {
    it(`${mode} with ${matches.length} match(es) → ${expected.action}`, () => {
      expect(decide(mode, matches)).toEqual(expected)
    })
  }

  it('names the result of each write', () => {
    expect(resultOf({ action: 'create' })).toBe('created')
    expect(resultOf({ action: 'reuse', connection: a })).toBe('reused')
    expect(resultOf({ action: 'update', connection: a })).toBe('updated')
  })
})
