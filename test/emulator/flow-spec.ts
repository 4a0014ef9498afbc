/**
 * The flow spec `CRMToAEP` as `GET /flowSpecs?property=name=="CRMToAEP"` shows it (dataflow-notes
 * §1.1): id, name, version, providerId and the connection spec ids are documented; the spec's
 * JSON schemas (transformationSpec, scheduleSpec, runSpec) are enforced in flow-rules.ts rather
 * than served here.
 */
import { CRM_TO_AEP_FLOW_SPEC_ID, DATA_LAKE_CONNECTION_SPEC_ID, HUBSPOT_CONNECTION_SPEC_ID } from './config.js'

export const CRM_TO_AEP_FLOW_SPEC = {
  id: CRM_TO_AEP_FLOW_SPEC_ID,
  name: 'CRMToAEP',
  providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a',
  version: '1.0',
  sourceConnectionSpecIds: [HUBSPOT_CONNECTION_SPEC_ID],
  targetConnectionSpecIds: [DATA_LAKE_CONNECTION_SPEC_ID],
} as const
