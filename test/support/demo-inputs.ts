import { DEMO } from '../emulator/demo.js'
import type { Emulator } from '../emulator/server.js'

/** The inputs of a working step against the emulator: the demo credentials, tokens minted by the step. */
export function demoInputs(urls: Emulator['urls'], overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'adobe-client-id': DEMO.adobe.clientId,
    'adobe-client-secret': DEMO.adobe.clientSecret,
    'adobe-org-id': DEMO.adobe.orgId,
    'hubspot-client-id': DEMO.hubspot.clientId,
    'hubspot-client-secret': DEMO.hubspot.clientSecret,
    'hubspot-refresh-token': DEMO.hubspot.refreshToken,
    'platform-url': urls.platform,
    'ims-url': urls.ims,
    'hubspot-url': urls.hubspot,
    ...overrides,
  }
}
