import { DEMO, DEMO_MAPPING } from './demo.js'

type Urls = { ims: string; hubspot: string; platform: string }

/**
 * Inputs as a dotenv file: `INPUT_<NAME>` with the hyphens kept, each value in single quotes
 * (taken literally by Node's --env-file and by dotenv, which @github/local-action reads), so the
 * demo secrets' spaces, quotes, backslashes and é arrive exactly.
 */
function envFile(title: string, inputs: Record<string, string>): string {
  const lines = Object.entries(inputs).map(([name, value]) => {
    if (/['\r\n]/.test(value)) throw new Error(`the value of ${name} cannot be single-quoted`)
    return `INPUT_${name.toUpperCase()}='${value}'`
  })
  return `# ${title}\n${lines.join('\n')}\n`
}

/** The connection action's inputs for this emulator, as a dotenv file. */
export function inputsEnvFile(urls: Urls): string {
  return envFile(
    "The connection action's inputs for the local emulator (npm run emulator -- --write-env).",
    demoConnectionInputs(urls),
  )
}

/** The data-flow action's inputs for this emulator, on the base connection `connectionId`, as a dotenv file. */
export function dataflowEnvFile(urls: Urls, connectionId: string): string {
  return envFile(
    "The data-flow action's inputs for the local emulator (npm run emulator -- --write-dataflow-env).",
    demoDataflowInputs(urls, connectionId),
  )
}

/** The connection action's inputs of a working step against this emulator: the demo credentials and its URLs. */
export function demoConnectionInputs(urls: Urls): Record<string, string> {
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
  }
}

/**
 * The data-flow action's inputs of a working step against this emulator: the demo Adobe
 * credentials, the base connection `connectionId`, the demo dataset and DEMO_MAPPING (flow-name
 * left to its default, HubSpot <table>).
 */
export function demoDataflowInputs(
  urls: Pick<Urls, 'ims' | 'platform'>,
  connectionId: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    'adobe-client-id': DEMO.adobe.clientId,
    'adobe-client-secret': DEMO.adobe.clientSecret,
    'adobe-org-id': DEMO.adobe.orgId,
    'platform-url': urls.platform,
    'ims-url': urls.ims,
    'connection-id': connectionId,
    table: 'Hubspot.Contacts',
    'dataset-id': DEMO.dataset.id,
    mapping: JSON.stringify(DEMO_MAPPING),
    'delta-column': 'Lastmodifieddate',
    ...overrides,
  }
}
