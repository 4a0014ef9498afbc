/** Small HTTP helpers shared by the emulator's own tests (not part of the emulator). */
import { BASE_PATH, DEMO, HUBSPOT_CONNECTION_SPEC_ID, type Emulator } from './server.js'

export interface HttpResult {
  status: number
  headers: Headers
  text: string
  /** Parsed JSON body, or undefined when it is not JSON (`any`: tests read arbitrary shapes). */
  json: any
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await fetch(url, init)
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** A form-urlencoded POST (URLSearchParams: spaces as '+', everything else percent-encoded). */
export function formPost(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }
}

export const IMS_FIELDS = {
  grant_type: 'client_credentials',
  client_id: DEMO.adobe.clientId,
  client_secret: DEMO.adobe.clientSecret,
  scope: 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session',
}

export const HUBSPOT_REFRESH_FIELDS = {
  grant_type: 'refresh_token',
  client_id: DEMO.hubspot.clientId,
  client_secret: DEMO.hubspot.clientSecret,
  refresh_token: DEMO.hubspot.refreshToken,
}

/** The four headers the gateway wants, with a token the emulator issued. */
export function platformHeaders(emu: Emulator, sandbox?: string): Record<string, string> {
  return {
    authorization: `Bearer ${emu.issueAdobeToken()}`,
    'x-api-key': DEMO.adobe.clientId,
    'x-gw-ims-org-id': DEMO.adobe.orgId,
    ...(sandbox === undefined ? {} : { 'x-sandbox-name': sandbox }),
  }
}

export interface PlatformOptions {
  body?: unknown
  sandbox?: string
  /** Extra headers; an `undefined` value removes a default header. */
  headers?: Record<string, string | undefined>
}

/** A request to `<platform><BASE_PATH><path>` with valid gateway headers (JSON body if given). */
export function platform(
  emu: Emulator,
  method: string,
  path: string,
  options: PlatformOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string | undefined> = { ...platformHeaders(emu, options.sandbox) }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  Object.assign(headers, options.headers)
  const defined = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined))
  return http(`${emu.urls.platform}${BASE_PATH}${path}`, {
    method,
    headers: defined,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  })
}

/** A complete, valid `POST /connections` body for HubSpot. */
export function connectionBody(name: string, params: Partial<Record<string, string>> = {}): Record<string, unknown> {
  return {
    name,
    description: 'HubSpot CRM data for AEP',
    auth: {
      specName: 'Basic Authentication',
      params: {
        clientId: DEMO.hubspot.clientId,
        clientSecret: DEMO.hubspot.clientSecret,
        accessToken: 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4',
        refreshToken: DEMO.hubspot.refreshToken,
        ...params,
      },
    },
    connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** Flow Service etag: literal quotes around `xxxxxxxx-0000-0200-0000-xxxxxxxxxxxx`. */
export const ETAG = /^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/
