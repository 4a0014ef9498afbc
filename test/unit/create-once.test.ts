import { describe, expect, it } from 'vitest'
import { createUncertainty, type CreateUncertainty } from '../../src/create-once.js'
import { ActionError } from '../../src/errors.js'
import { TransportError, type HttpRequest } from '../../src/http.js'

const request: HttpRequest = {
  service: 'Flow Service',
  operation: 'create connection',
  method: 'POST',
  url: 'http://127.0.0.1/x',
  headers: {},
}
const answered = (status: number) => new ActionError('failed', { kind: 'transient', status })

describe('createUncertainty', () => {
  const table: Array<[string, unknown, CreateUncertainty]> = [
    ['a refused connection', new TransportError('refused', request, false, false, null), 'none'],
    ['a reset after sending', new TransportError('reset', request, true, false, null), 'unanswered'],
    ['a timeout', new TransportError('no answer', request, true, true, null), 'unanswered'],
    ['a gateway 504', answered(504), 'unanswered'],
    ['a 201 whose body could not be read', answered(201), 'unanswered'],
    ['a 500', answered(500), 'answered'],
    ['a 502', answered(502), 'answered'],
    ['a 503', answered(503), 'answered'],
    ['a 429 after its retries', answered(429), 'none'],
    ['a 400', answered(400), 'none'],
    ['a 403', answered(403), 'none'],
    ['an input error (no status)', new ActionError('bad', { kind: 'input' }), 'none'],
    ['an unexpected error', new Error('boom'), 'none'],
  ]
  for (const [what, error, expected] of table) {
    it(`${what} → ${expected}`, () => expect(createUncertainty(error)).toBe(expected))
  }
})
