import { DEMO } from './demo.js'

/**
 * The connection action's inputs for this emulator, as a dotenv file: `INPUT_<NAME>` with the
 * hyphens kept, each value in single quotes (taken literally by Node's --env-file and by dotenv,
 * which @github/local-action reads), so the demo secrets' spaces, quotes, backslashes and é
 * arrive exactly.
 */
export function inputsEnvFile(urls: { ims: string; hubspot: string; platform: string }): string {
  const inputs: Record<string, string> = {
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
  const lines = Object.entries(inputs).map(([name, value]) => {
    if (/['\r\n]/.test(value)) throw new Error(`the value of ${name} cannot be single-quoted`)
    return `INPUT_${name.toUpperCase()}='${value}'`
  })
  return `# The connection action's inputs for the local emulator (npm run emulator -- --write-env).\n${lines.join('\n')}\n`
}
