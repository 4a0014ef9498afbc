const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * The forms in which a secret could appear in a log line, an error message or a server's answer:
 * as is; JSON-escaped, once and twice (a JSON string inside a JSON string); URL-encoded (percent
 * and form encoding, with upper- and lowercase hex); HTML-escaped; base64 and base64url, with and
 * without padding; with its whitespace collapsed; and line by line, because the runner masks per
 * log line and a multi-line secret would otherwise slip through.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret])
  const json = JSON.stringify(secret).slice(1, -1)
  forms.add(json)
  forms.add(JSON.stringify(json).slice(1, -1))
  for (const encoded of [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
    forms.add(encoded)
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()))
  }
  forms.add(secret.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character))
  for (const encoded of base64Forms(secret)) forms.add(encoded)
  forms.add(secret.replace(/\s+/g, ' '))
  // Lines shorter than this are too common a text to mask (a line "token" would hide every "token").
  for (const line of secret.split(/\r?\n/)) {
    if (line.trim().length >= MIN_LINE_FORM) forms.add(line)
  }
  return [...forms].filter((form) => form.length > 0)
}

const MIN_LINE_FORM = 8

function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8')
  const standard = bytes.toString('base64')
  const urlSafe = bytes.toString('base64url')
  return [standard, standard.replace(/=+$/, ''), urlSafe]
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
    for (const form of secretForms(secret)) this.add(form)
  }

  private add(form: string): void {
    if (this.forms.has(form)) return
    this.forms.add(form)
    this.mask(form)
  }

  /**
   * A client ID and secret as an HTTP Basic header carries them (`base64(id:secret)`): a server
   * that echoes the header it got would otherwise show a secret in a form no single value has.
   */
  registerBasicCredentials(clientId: string, clientSecret: string | undefined): void {
    if (!clientSecret) return
    for (const form of base64Forms(`${clientId}:${clientSecret}`)) this.add(form)
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
