/** Small HTTP helpers shared by the emulator's own tests (not part of the emulator). */
import {
  BASE_PATH,
  CATALOG_BASE_PATH,
  CONVERSION_BASE_PATH,
  CRM_TO_AEP_FLOW_SPEC_ID,
  DATA_LAKE_CONNECTION_SPEC_ID,
  DEMO,
  HUBSPOT_CONNECTION_SPEC_ID,
  XDM_FULL_CONTENT_TYPE,
  type Emulator,
} from './server.js'

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
  /** Base path (default: Flow Service's). */
  base?: string
  /** Extra headers; an `undefined` value removes a default header. */
  headers?: Record<string, string | undefined>
}

/** A request to `<platform><base, default BASE_PATH><path>` with valid gateway headers (JSON body if given). */
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
  return http(`${emu.urls.platform}${options.base ?? BASE_PATH}${path}`, {
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

/** `platform()` under the Catalog base path. */
export const catalog = (emu: Emulator, method: string, path: string, options: PlatformOptions = {}) =>
  platform(emu, method, path, { ...options, base: CATALOG_BASE_PATH })

/** `platform()` under the Data Prep base path. */
export const conversion = (emu: Emulator, method: string, path: string, options: PlatformOptions = {}) =>
  platform(emu, method, path, { ...options, base: CONVERSION_BASE_PATH })

export const CATALOG_ID = /^[0-9a-f]{24}$/
export const HEX32 = /^[0-9a-f]{32}$/

/** A valid `POST /sourceConnections` body for a HubSpot table. */
export function sourceBody(baseConnectionId: string, path = 'Hubspot.Contacts'): Record<string, unknown> {
  return {
    name: `HubSpot source ${path}`,
    baseConnectionId,
    description: 'HubSpot source connection',
    data: { format: 'tabular' },
    params: { path },
    connectionSpec: { id: HUBSPOT_CONNECTION_SPEC_ID, version: '1.0' },
  }
}

/** A valid `POST /targetConnections` body to the demo dataset. */
export function targetBody(
  dataSetId = DEMO.dataset.id,
  schemaId = DEMO.dataset.schemaId,
  name = 'HubSpot target connection',
): Record<string, unknown> {
  return {
    name,
    data: { schema: { id: schemaId, version: XDM_FULL_CONTENT_TYPE } },
    params: { dataSetId },
    connectionSpec: { id: DATA_LAKE_CONNECTION_SPEC_ID, version: '1.0' },
  }
}

/** A valid mapping set body onto the demo schema. */
export function mappingBody(
  mappings: Array<Record<string, unknown>> = [
    { sourceType: 'ATTRIBUTE', source: 'Vid', destination: '_id' },
    { sourceType: 'ATTRIBUTE', source: 'Properties_Firstname_Value', destination: 'person.name.firstName' },
    { sourceType: 'ATTRIBUTE', source: 'Added_At', destination: '_repo.createDate' },
  ],
  schemaId = DEMO.dataset.schemaId,
): Record<string, unknown> {
  return { outputSchema: { schemaRef: { id: schemaId, contentType: XDM_FULL_CONTENT_TYPE } }, mappings }
}

/** A valid `POST /flows` body (strings for numbers, as the tutorials send them). */
export function flowBody(
  ids: { source: string; target: string; mappingId: string; mappingVersion?: number },
  scheduleParams: Record<string, unknown> = { startTime: '1717000000', frequency: 'hour', interval: '1' },
): Record<string, unknown> {
  return {
    name: 'HubSpot dataflow',
    description: 'collecting Hubspot.Contacts',
    flowSpec: { id: CRM_TO_AEP_FLOW_SPEC_ID, version: '1.0' },
    sourceConnectionIds: [ids.source],
    targetConnectionIds: [ids.target],
    transformations: [
      {
        name: 'Copy',
        params: { deltaColumn: { name: 'Lastmodifieddate', dateFormat: 'YYYY-MM-DD', timezone: 'UTC' } },
      },
      { name: 'Mapping', params: { mappingId: ids.mappingId, mappingVersion: ids.mappingVersion ?? 0 } },
    ],
    scheduleParams,
  }
}

export interface Dataflow {
  connection: string
  source: string
  target: string
  mappingId: string
  flow: string
}

/** Creates base connection, source, target, mapping set and flow over HTTP; fails on any non-2xx. */
export async function createDataflow(emu: Emulator, sandbox?: string): Promise<Dataflow> {
  const options = sandbox === undefined ? {} : { sandbox }
  const ok = async (res: Promise<HttpResult>): Promise<any> => {
    const done = await res
    if (done.status >= 300) throw new Error(`${done.status}: ${done.text}`)
    return done.json
  }
  const connection = (await ok(platform(emu, 'POST', '/connections', { ...options, body: connectionBody('HubSpot') })))
    .id
  const source = (await ok(platform(emu, 'POST', '/sourceConnections', { ...options, body: sourceBody(connection) })))
    .id
  const target = (await ok(platform(emu, 'POST', '/targetConnections', { ...options, body: targetBody() }))).id
  const mappingId = (await ok(conversion(emu, 'POST', '/mappingSets', { ...options, body: mappingBody() }))).id
  const flow = (
    await ok(platform(emu, 'POST', '/flows', { ...options, body: flowBody({ source, target, mappingId }) }))
  ).id
  return { connection, source, target, mappingId, flow }
}

/** The FLOW error code of an answer, e.g. '1412-400'. */
export const flowCode = (res: HttpResult): string | undefined =>
  /FLOW-(\d{4}-\d{3})$/.exec(String(res.json?.type ?? ''))?.[1]
