import type { HttpRequest, Sender } from '../http.js'
import { failedResponse, parseSuccessBody, stringField, unexpectedShape } from '../responses.js'
import type { SecretRegistry } from '../secrets.js'
import { imsErrorDetails } from './adobe-errors.js'

export interface ImsCredentials {
  clientId: string
  clientSecret: string
  scopes: string[]
}

export interface ImsToken {
  accessToken: string
  expiresInSeconds?: number
}

/**
 * Mints an IMS access token with OAuth Server-to-Server credentials (client_credentials). The token
 * is masked before this function returns it, so nothing downstream can print it.
 */
export async function mintImsToken(
  http: Sender,
  imsUrl: string,
  credentials: ImsCredentials,
  secrets: SecretRegistry,
): Promise<ImsToken> {
  const request: HttpRequest = {
    service: 'Adobe IMS',
    operation: 'mint access token (POST /ims/token/v3)',
    method: 'POST',
    url: `${imsUrl}/ims/token/v3`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.scopes.join(','),
    }).toString(),
  }
  const response = await http.send(request)
  if (response.status !== 200) {
    throw failedResponse(request, response, imsErrorDetails(response.body), secrets, 'x-request-id')
  }
  const body = parseSuccessBody(request, response, 'x-request-id')
  const accessToken = stringField(body, 'access_token')
  if (!accessToken) throw unexpectedShape(request, response, 'no access_token')
  secrets.register(accessToken)
  const expiresIn = Number(stringField(body, 'expires_in'))
  return { accessToken, ...(Number.isFinite(expiresIn) ? { expiresInSeconds: expiresIn } : {}) }
}
