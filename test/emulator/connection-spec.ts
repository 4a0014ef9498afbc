/** The HubSpot connection spec (flow-service-notes §2.2). The tables it exposes: hubspot-tables.ts. */
import { HUBSPOT_AUTH_SPEC_NAME, HUBSPOT_CONNECTION_SPEC_ID } from './config.js'

export const HUBSPOT_CONNECTION_SPEC = {
  id: HUBSPOT_CONNECTION_SPEC_ID,
  name: 'hubspot',
  providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a',
  version: '1.0',
  authSpec: [
    {
      name: HUBSPOT_AUTH_SPEC_NAME,
      spec: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        description: 'defines auth params required for connecting to HubSpot',
        properties: {
          clientId: { type: 'string', description: 'The client ID associated with your HubSpot application.' },
          clientSecret: {
            type: 'string',
            description: 'The client secret associated with your HubSpot application.',
            format: 'password',
          },
          accessToken: {
            type: 'string',
            description: 'The access token obtained when initially authenticating your OAuth integration.',
            format: 'password',
          },
          refreshToken: {
            type: 'string',
            description: 'The refresh token obtained when initially authenticating your OAuth integration.',
            format: 'password',
          },
        },
        required: ['clientId', 'clientSecret', 'accessToken', 'refreshToken'],
      },
    },
  ],
} as const
