import { describe, expect, it } from 'vitest'
import { adobeErrorDetails, imsErrorDetails } from '../../src/adobe/adobe-errors.js'
import { ActionError, renderError } from '../../src/errors.js'
import { hubspotErrorDetails } from '../../src/hubspot/hubspot-errors.js'

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

  it('renders an input error as its message', () => {
    expect(renderError(new ActionError('bad input', { kind: 'input' }))).toBe('bad input')
    expect(renderError(new Error('plain'))).toBe('plain')
  })
})

describe('adobeErrorDetails', () => {
  it("reads the gateway's shape", () => {
    expect(adobeErrorDetails('{"error_code":"403003","message":"Api Key is invalid"}')).toMatchObject({
      code: '403003',
      message: 'Api Key is invalid',
      hint: expect.stringMatching(/adobe-client-id/),
    })
  })

  it("reads Flow Service's problem shape", () => {
    const body = JSON.stringify({
      type: 'https://ns.adobe.com/aep/errors/FLOW-2100-404',
      title: 'Sandbox not found',
      status: 404,
      report: { 'detailed-message': "The sandbox with the name 'dve' could not be found.", 'request-id': 'abc-123' },
      errorMessage: 'other text',
    })
    expect(adobeErrorDetails(body)).toEqual({
      code: 'FLOW-2100-404',
      message: "The sandbox with the name 'dve' could not be found.",
      requestId: 'abc-123',
      hint: expect.stringMatching(/sandbox-name/),
    })
  })

  it('gives the permission hint for missing Manage Sources', () => {
    const body = JSON.stringify({
      type: 'https://ns.adobe.com/aep/errors/FLOW-2121-403',
      title: 'Forbidden',
      report: {},
    })
    expect(adobeErrorDetails(body).hint).toMatch(/Manage Sources/)
  })

  it("reads the gateway's content-type error and survives bodies that are not JSON", () => {
    expect(
      adobeErrorDetails(
        '{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}',
      ),
    ).toMatchObject({
      code: 'BadRequestError',
      message: 'A valid content-type must be specified',
    })
    expect(adobeErrorDetails('<html>502</html>')).toEqual({})
  })
})

describe('imsErrorDetails', () => {
  for (const code of ['invalid_client', 'invalid_scope', 'unauthorized_client']) {
    it(`hints for ${code}`, () => {
      const details = imsErrorDetails(JSON.stringify({ error: code, error_description: 'nope' }))
      expect(details.code).toBe(code)
      expect(details.message).toBe('nope')
      expect(details.hint).toMatch(/adobe-|credential/)
    })
  }
})

describe('hubspotErrorDetails', () => {
  it('reads a bad refresh token', () => {
    const details = hubspotErrorDetails(
      JSON.stringify({
        error: 'invalid_grant',
        error_description: 'refresh token is invalid, expired or revoked',
        status: 'BAD_REFRESH_TOKEN',
        message: 'x',
        correlationId: 'c-1',
      }),
    )
    expect(details).toEqual({
      code: 'BAD_REFRESH_TOKEN',
      message: 'refresh token is invalid, expired or revoked',
      requestId: 'c-1',
      hint: expect.stringMatching(/reauthorize/),
    })
  })

  it('tells credentials from different apps apart', () => {
    const details = hubspotErrorDetails(
      JSON.stringify({ status: 'BAD_REFRESH_TOKEN', message: 'refresh token was not issued to this client' }),
    )
    expect(details.hint).toMatch(/different HubSpot app/)
  })

  it('reads an expired access token in the generic model', () => {
    const details = hubspotErrorDetails(
      JSON.stringify({
        status: 'error',
        message: 'The OAuth token used to make this call expired 0 second(s) ago.',
        category: 'EXPIRED_AUTHENTICATION',
        correlationId: 'c-2',
      }),
    )
    expect(details.code).toBe('EXPIRED_AUTHENTICATION')
    expect(details.hint).toMatch(/30 minutes/)
  })
})
