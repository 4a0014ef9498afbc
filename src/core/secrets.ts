/**
 * The forms in which a secret could appear in a log line, an error message or a server's answer:
 * as is, JSON-escaped, URL-encoded (percent and form encoding, with upper- and lowercase hex), with
 * its whitespace collapsed, and line by line, because the runner masks per log line and a
 * multi-line secret would otherwise slip through.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret])
  forms.add(JSON.stringify(secret).slice(1, -1))
  for (const encoded of [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
    forms.add(encoded)
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()))
  }
  forms.add(secret.replace(/\s+/g, ' '))
  for (const line of secret.split(/\r?\n/)) {
    if (line.trim().length > 0) forms.add(line)
  }
  return [...forms].filter((form) => form.length > 0)
}

/**
 * Every secret the step knows, in every form. Registering masks it in the runner's log at once,
 * and `scrub` removes it from text that came from a server before that text is shown anywhere.
 */
export class SecretRegistry {
  private readonly forms = new Set<string>()

  /** `mask` tells the runner to hide a value: RunnerIO.setSecret. */
  constructor(private readonly mask: (value: string) => void) {}

  register(secret: string | undefined): void {
    if (!secret) return
    for (const form of secretForms(secret)) {
      if (this.forms.has(form)) continue
      this.forms.add(form)
      this.mask(form)
    }
  }

  scrub(text: string): string {
    // Longest first, so that a secret containing another secret is replaced whole.
    const sorted = [...this.forms].sort((a, b) => b.length - a.length)
    let result = text
    for (const form of sorted) result = result.split(form).join('***')
    return result
  }
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']

/**
 * Proxy URLs can carry credentials (http://user:password@proxy:8080). Registers each proxy URL
 * and its password as secrets, so no error about the proxy can print them.
 */
export function registerProxyCredentials(secrets: SecretRegistry, env: NodeJS.ProcessEnv = process.env): void {
  for (const name of PROXY_VARIABLES) {
    const value = env[name]
    if (!value) continue
    secrets.register(value)
    try {
      const url = new URL(value.includes('://') ? value : `http://${value}`)
      secrets.register(url.password ? decodeURIComponent(url.password) : undefined)
    } catch {
      // Not a URL: the whole value is registered already.
    }
  }
}
