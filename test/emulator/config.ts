/** Constants of the emulated services and the config with every default filled in. */
import { DEMO } from './demo.js'
import { DEFAULT_HUBSPOT_TABLES } from './hubspot-tables.js'
import type { EmulatorConfig, ExploreTable } from './types.js'

/** Flow Service base path on the platform gateway. */
export const BASE_PATH = '/data/foundation/flowservice'
/** Catalog Service base path on the same gateway (dataflow-notes §1.1 step 2). */
export const CATALOG_BASE_PATH = '/data/foundation/catalog'
/** Data Prep (mapping service) base path on the same gateway (dataflow-notes §1.1 step 4). */
export const CONVERSION_BASE_PATH = '/data/foundation/conversion'

/** "fixed connection spec ID associated to the Data Lake" (dataflow-notes §1.1). */
export const DATA_LAKE_CONNECTION_SPEC_ID = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c'
/** Flow spec `CRMToAEP`, used by table-based sources, HubSpot included (dataflow-notes §1.1). */
export const CRM_TO_AEP_FLOW_SPEC_ID = '14518937-270c-4525-bdec-c2ba7cce3860'
/** The only `data.schema.version` a target connection may carry ("must be set", dataflow-notes §1.1). */
export const XDM_FULL_CONTENT_TYPE = 'application/vnd.adobe.xed-full+json;version=1'

/** HubSpot's Flow Service connection spec id (AEP HubSpot source tutorial). */
export const HUBSPOT_CONNECTION_SPEC_ID = 'cc6a4487-9e91-433e-a3a3-9cf6626c1806'
export const HUBSPOT_AUTH_SPEC_NAME = 'Basic Authentication'
/** `auth.params` the HubSpot connection spec requires (all four). */
export const REQUIRED_AUTH_PARAMS = ['clientId', 'clientSecret', 'accessToken', 'refreshToken'] as const

/** Shown instead of any secret auth param on reads (everything but clientId is treated as secret). */
export const SECRET_PLACEHOLDER = '********'

/** IMS scopes for Experience Platform (Developer Console credential page). */
export const AEP_SCOPES = [
  'openid',
  'session',
  'AdobeID',
  'read_organizations',
  'additional_info.projectedProductContext',
]

/** Scopes HubSpot reports for the demo app's tokens. */
export const HUBSPOT_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.companies.read',
  'crm.objects.deals.read',
  'crm.schemas.contacts.read',
]
export const HUBSPOT_APP_ID = 4287311
export const DEFAULT_HUB_ID = 24681357

export const IMS_EXPIRES_IN_SECONDS = 86399
export const HUBSPOT_EXPIRES_IN_SECONDS = 1800

export interface ResolvedConfig {
  adobe: { clientId: string; clientSecret: string; orgId: string; sandboxes: string[]; scopes: string[] }
  hubspot: { clientId: string; clientSecret: string; refreshToken: string; hubId: number }
  pageSize: number
  ports: { ims: number; hubspot: number; platform: number }
  tables: ExploreTable[]
  newConnections: { state: string; enabledAfterReads?: number }
  runs: { scheduledReads: number; inProgressReads: number; inputRecordCount: number }
}

function count(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback
  if (!Number.isInteger(resolved) || resolved < 0) throw new Error(`${name} must be a non-negative integer`)
  return resolved
}

export function resolveConfig(config: EmulatorConfig = {}): ResolvedConfig {
  const pageSize = config.pageSize ?? 20
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error('pageSize must be a positive integer')
  const paths = (config.tables ?? DEFAULT_HUBSPOT_TABLES).map((t) => t.path)
  if (paths.some((p) => typeof p !== 'string' || p === '') || new Set(paths).size !== paths.length) {
    throw new Error('tables must have distinct, non-empty paths')
  }
  return {
    adobe: {
      clientId: config.adobe?.clientId ?? DEMO.adobe.clientId,
      clientSecret: config.adobe?.clientSecret ?? DEMO.adobe.clientSecret,
      orgId: config.adobe?.orgId ?? DEMO.adobe.orgId,
      sandboxes: [...(config.adobe?.sandboxes ?? DEMO.adobe.sandboxes)],
      scopes: [...(config.adobe?.scopes ?? AEP_SCOPES)],
    },
    hubspot: {
      clientId: config.hubspot?.clientId ?? DEMO.hubspot.clientId,
      clientSecret: config.hubspot?.clientSecret ?? DEMO.hubspot.clientSecret,
      refreshToken: config.hubspot?.refreshToken ?? DEMO.hubspot.refreshToken,
      hubId: config.hubspot?.hubId ?? DEFAULT_HUB_ID,
    },
    pageSize,
    ports: { ims: config.ports?.ims ?? 0, hubspot: config.ports?.hubspot ?? 0, platform: config.ports?.platform ?? 0 },
    tables: structuredClone([...(config.tables ?? DEFAULT_HUBSPOT_TABLES)]),
    newConnections: {
      state: config.newConnections?.state ?? 'enabled',
      ...(config.newConnections?.enabledAfterReads === undefined
        ? {}
        : { enabledAfterReads: count(config.newConnections.enabledAfterReads, 0, 'newConnections.enabledAfterReads') }),
    },
    runs: {
      scheduledReads: count(config.runs?.scheduledReads, 1, 'runs.scheduledReads'),
      inProgressReads: count(config.runs?.inProgressReads, 1, 'runs.inProgressReads'),
      inputRecordCount: count(config.runs?.inputRecordCount, 100, 'runs.inputRecordCount'),
    },
  }
}
