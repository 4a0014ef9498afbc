import { describe, expect, it } from 'vitest'
import { adobeErrorDetails, imsErrorDetails } from '../../../src/adobe/adobe-errors.js'

describe('adobeErrorDetails', () => {
  it("reads the gateway's shape", () => {
    expect(adobeErrorDetails('{"error_code":"403003","message":"Api Key is invalid"}')).toEqual({
      code: '403003',
      message: 'Api Key is invalid',
      hint: expect.stringMatching(/adobe-client-id/),
    })
  })

  const gatewayHints: Array<[string, RegExp]> = [
    ['401013', /IMS tokens last 24 hours/],
    ['403010', /No IMS access token reached Flow Service/],
    ['403000', /x-api-key/],
    ['403003', /same OAuth Server-to-Server credential/],
    ['400003', /adobe-org-id/],
    ['403025', /not provisioned for Experience Platform/],
    ['403027', /organization of the credential/],
  ]
  for (const [code, hint] of gatewayHints) {
    it(`hints for gateway error ${code}`, () => {
      expect(adobeErrorDetails(JSON.stringify({ error_code: code, message: 'm' })).hint).toMatch(hint)
    })
  }

  it('reads a gateway code sent as a number, and gives no hint for one it does not know', () => {
    expect(adobeErrorDetails('{"error_code":401013}')).toMatchObject({ code: '401013', message: undefined })
    expect(adobeErrorDetails('{"error_code":"999999","message":"m"}')).toEqual({
      code: '999999',
      message: 'm',
      hint: undefined,
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

  it('takes the message from the first field that has one', () => {
    const type = 'https://ns.adobe.com/aep/errors/FLOW-1455-400'
    expect(adobeErrorDetails(JSON.stringify({ type, errorMessage: 'e', detail: 'd', title: 't' })).message).toBe('e')
    expect(adobeErrorDetails(JSON.stringify({ type, detail: 'd', title: 't' })).message).toBe('d')
    expect(adobeErrorDetails(JSON.stringify({ type, title: 't', message: 'm' })).message).toBe('t')
    expect(adobeErrorDetails(JSON.stringify({ type, message: 'm' })).message).toBe('m')
    expect(adobeErrorDetails(JSON.stringify({ type })).message).toBeUndefined()
  })

  const flowHints: Array<[string, RegExp]> = [
    ['2000-401', /no access to adobe-org-id/],
    ['2001-401', /Set adobe-org-id/],
    ['2002-401', /Set adobe-org-id/],
    ['2100-404', /sandbox-name/],
    ['2101-404', /sandbox-name/],
    ['2105-400', /Set sandbox-name/],
    ['2114-400', /token is empty/],
    ['2115-400', /token is not valid/],
    ['2118-403', /Manage Sources/],
    ['2120-403', /Manage Sources/],
    ['2121-403', /Manage Sources/],
    ['1413-400', /HubSpot connection spec/],
    ['1415-400', /Basic Authentication/],
    ['1404-412', /changed while the step ran/],
    ['1101-404', /no longer exists/],
  ]
  for (const [code, hint] of flowHints) {
    it(`hints for FLOW-${code}`, () => {
      const body = JSON.stringify({ type: `https://ns.adobe.com/aep/errors/FLOW-${code}`, title: 'x', report: {} })
      expect(adobeErrorDetails(body)).toMatchObject({ code: `FLOW-${code}`, hint: expect.stringMatching(hint) })
    })
  }

  it('gives no hint for a FLOW code it does not know', () => {
    const body = JSON.stringify({ type: 'https://ns.adobe.com/aep/errors/FLOW-9999-500', title: 'Oops' })
    expect(adobeErrorDetails(body)).toEqual({
      code: 'FLOW-9999-500',
      message: 'Oops',
      requestId: undefined,
      hint: undefined,
    })
  })

  it("reads the gateway's content-type error and survives bodies that are not JSON", () => {
    expect(
      adobeErrorDetails(
        '{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}',
      ),
    ).toMatchObject({
      code: 'BadRequestError',
      message: 'A valid content-type must be specified',
      hint: undefined,
    })
    expect(adobeErrorDetails('<html>502</html>')).toEqual({})
    expect(adobeErrorDetails('')).toEqual({})
    expect(adobeErrorDetails('[]')).toEqual({})
  })
})

describe('imsErrorDetails', () => {
  for (const code of ['invalid_client', 'invalid_scope', 'unauthorized_client', 'unsupported_grant_type']) {
    it(`hints for ${code}`, () => {
      const details = imsErrorDetails(JSON.stringify({ error: code, error_description: 'nope' }))
      expect(details.code).toBe(code)
      expect(details.message).toBe('nope')
      expect(details.hint).toMatch(/adobe-|credential|ims-url/)
    })
  }

  it('uses the code as the message when there is no description, and no hint for codes it does not know', () => {
    expect(imsErrorDetails('{"error":"server_error"}')).toEqual({
      code: 'server_error',
      message: 'server_error',
      hint: undefined,
    })
    expect(imsErrorDetails('{}')).toEqual({ code: undefined, message: undefined, hint: undefined })
    expect(imsErrorDetails('not json')).toEqual({})
  })
})
