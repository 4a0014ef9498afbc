import { describe, expect, it } from 'vitest'
import { ActionError, renderError } from '../../../src/core/errors.js'

describe('ActionError', () => {
  it('carries its facts and cause, and names itself', () => {
    const cause = new Error('socket')
    const error = new ActionError('failed', { kind: 'transient', retryAfter: '5' }, { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ActionError')
    expect(error.facts).toEqual({ kind: 'transient', retryAfter: '5' })
    expect(error.cause).toBe(cause)
  })
})

describe('renderError', () => {
  it('says what failed, why, and what to do', () => {
    const error = new ActionError('You do not have sufficient permissions.', {
      kind: 'permission',
      service: 'Flow Service',
      operation: 'create connection (POST /connections)',
      status: 403,
      code: 'FLOW-2120-403',
      requestId: 'req-1',
      hint: 'Add the permission.',
    })
    expect(renderError(error)).toBe(
      'Flow Service: create connection (POST /connections) failed (HTTP 403, error FLOW-2120-403, request id req-1): You do not have sufficient permissions.\nWhat to do: Add the permission.',
    )
  })

  it('gives only the facts it has', () => {
    expect(renderError(new ActionError('m', { kind: 'auth', service: 'Adobe IMS', status: 401 }))).toBe(
      'Adobe IMS failed (HTTP 401): m',
    )
    expect(renderError(new ActionError('m', { kind: 'auth', operation: 'mint token', code: 'invalid_client' }))).toBe(
      'mint token failed (error invalid_client): m',
    )
    expect(renderError(new ActionError('m', { kind: 'transient', service: 'Catalog', requestId: 'r' }))).toBe(
      'Catalog failed (request id r): m',
    )
    expect(renderError(new ActionError('m', { kind: 'transient', service: 'Data Prep', operation: 'read' }))).toBe(
      'Data Prep: read failed: m',
    )
  })

  it('renders an error without a service as its message and hint', () => {
    expect(renderError(new ActionError('bad input', { kind: 'input' }))).toBe('bad input')
    expect(renderError(new ActionError('late', { kind: 'timeout', hint: 'Raise it.' }))).toBe(
      'late\nWhat to do: Raise it.',
    )
  })

  it('renders any other error as its message, and anything else as text', () => {
    expect(renderError(new Error('plain'))).toBe('plain')
    expect(renderError(new TypeError('typed'))).toBe('typed')
    expect(renderError('a string')).toBe('a string')
    expect(renderError(42)).toBe('42')
    expect(renderError(undefined)).toBe('undefined')
  })
})
