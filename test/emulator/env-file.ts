import { DEMO } from './demo.js'

/**
 * The connection action's inputs for this emulator, as a dotenv file: `INPUT_<NAME>` with the
 * hyphens kept, each value in single quotes (taken literally by Node's --env-file and by dotenv,
 * which @github/local-action reads), so the demo secrets' spaces, quotes, backslashes and é
 * arrive exactly.
 */
export function inputsEnvFile(urls: { ims: string; hubspot: string; platform: string }): string {
  const lines = Object.entries(demoConnectionInputs(urls)).map(([name, value]) => {
    if (/['\r\n]/.test(value)) throw new Error(`the value of ${name} cannot be single-quoted`)
    return `INPUT_${name.toUpperCase()}='${value}'`
  })
  return `# The connection action's inputs for the local emulator (npm run emulator -- --write-env).\n${lines.join('\n')}\n`
}

/** The connection action's inputs of a working step against this emulator: the demo credentials and its URLs. */
export function demoConnectionInputs(urls: { ims: string; hubspot: string; platform: string }): Record<string, string> {
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
