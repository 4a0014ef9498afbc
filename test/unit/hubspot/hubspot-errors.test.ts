import { describe, expect, it } from 'vitest'
import { hubspotErrorDetails } from '../../../src/hubspot/hubspot-errors.js'

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

  it('reads invalid_grant without a HubSpot status', () => {
    expect(hubspotErrorDetails('{"error":"invalid_grant"}')).toMatchObject({
      code: 'invalid_grant',
      message: undefined,
      hint: expect.stringMatching(/hubspot-refresh-token is invalid, expired or revoked/),
    })
  })

  it('tells credentials from different apps apart', () => {
    const details = hubspotErrorDetails(
      JSON.stringify({ status: 'BAD_REFRESH_TOKEN', message: 'refresh token was not issued to this client' }),
    )
    expect(details.hint).toMatch(/different HubSpot app/)
  })

  for (const body of [
    { status: 'BAD_CLIENT_ID', error: 'invalid_client' },
    { status: 'BAD_CLIENT_SECRET', error: 'invalid_client' },
    { error: 'invalid_client' },
  ]) {
    it(`reads wrong app credentials: ${JSON.stringify(body)}`, () => {
      expect(hubspotErrorDetails(JSON.stringify(body)).hint).toMatch(
        /hubspot-client-id or hubspot-client-secret is wrong/,
      )
    })
  }

  it('reads an expired access token in the generic model', () => {
    const details = hubspotErrorDetails(
      JSON.stringify({
        status: 'error',
        message: 'The OAuth token used to make this call expired 0 second(s) ago.',
        category: 'EXPIRED_AUTHENTICATION',
        correlationId: 'c-2',
      }),
    )
    expect(details).toEqual({
      code: 'EXPIRED_AUTHENTICATION',
      message: 'The OAuth token used to make this call expired 0 second(s) ago.',
      requestId: 'c-2',
      hint: expect.stringMatching(/30 minutes/),
    })
  })

  it('gives no hint for an error it does not know, and nothing for a body that is not JSON', () => {
    expect(hubspotErrorDetails('{"status":"error","category":"RATE_LIMITS","message":"slow down"}')).toEqual({
      code: 'RATE_LIMITS',
      message: 'slow down',
      requestId: undefined,
      hint: undefined,
    })
    expect(hubspotErrorDetails('<html>')).toEqual({})
  })
})
