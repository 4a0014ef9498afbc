import { visibleLog } from './runner-log.js'

/**
 * The leak check of the end-to-end tests. It derives the forms of each secret on its own, on
 * purpose without the product's `secretForms`: a form the product forgets to mask must still be
 * caught here.
 */

/** Forms shorter than this are too common to mean anything (and are never reported). */
const MIN_FORM_LENGTH = 4
/** A run of this many characters of a secret counts as a (partial) leak. */
const WINDOW = 12
/** How much of a secret a message may show. */
const SHOWN = 4

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
}

const lowerHex = (encoded: string): string => encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
const formEncode = (value: string): string => new URLSearchParams({ s: value }).toString().slice(2)

/** One pass, so `&amp;lt;` becomes `&lt;` and not `<`. */
export function htmlUnescape(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => HTML_ENTITIES[entity] ?? entity)
}

/** Every whole form of a secret a log line or a file could hold, with what each form is. */
export function leakForms(secret: string): Array<{ kind: string; form: string }> {
  const candidates: Array<[string, string]> = [
    ['as is', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['percent-encoded', encodeURIComponent(secret)],
    ['percent-encoded, lowercase hex', lowerHex(encodeURIComponent(secret))],
    ['form-encoded', formEncode(secret)],
    ['form-encoded, lowercase hex', lowerHex(formEncode(secret))],
    ['HTML-escaped', secret.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify(secret)).slice(3, -3)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['whitespace-collapsed', secret.replace(/\s+/g, ' ')],
    ...secret.split(/\r?\n/).map((line): [string, string] => ['one line of it', line]),
  ]
  const seen = new Set<string>()
  const forms: Array<{ kind: string; form: string }> = []
  for (const [kind, form] of candidates) {
    if (form.length < MIN_FORM_LENGTH || form.trim() === '' || seen.has(form)) continue
    seen.add(form)
    forms.push({ kind, form })
  }
  return forms
}

/** Every run of WINDOW characters of the secret as is (none for a shorter secret). */
function windows(secret: string): string[] {
  const runs = new Set<string>()
  for (let i = 0; i + WINDOW <= secret.length; i++) runs.add(secret.slice(i, i + WINDOW))
  return [...runs]
}

const shown = (text: string): string => `${JSON.stringify(text.slice(0, SHOWN))}…`

/** What of the secret the texts of one place hold, as one message (undefined when nothing). */
function leakIn(place: string, texts: readonly string[], secret: string): string | undefined {
  const holds = (part: string) => texts.some((text) => text.includes(part))
  const whole = leakForms(secret).find(({ form }) => holds(form))
  if (whole) return `${place} a form of a secret (${whole.kind}): ${shown(whole.form)}`
  const partial = windows(secret).find(holds)
  if (partial !== undefined) {
    return `${place} part of a secret (${WINDOW} characters from offset ${secret.indexOf(partial)}): ${shown(partial)}`
  }
  return undefined
}

/**
 * The secrets (in any form a log or file could hold them, whole or in part) that a reader could
 * find: in the log after masking, and anywhere at all in outputs, the summary or env files (both
 * as written and with HTML entities decoded, since the summary is rendered as HTML).
 * One message per secret and place; a message shows at most 4 characters of the secret.
 */
export function findLeaks(
  secrets: readonly string[],
  places: { log: string; files: Record<string, string> },
): string[] {
  const leaks: string[] = []
  const visible = visibleLog(places.log)
  const files = Object.entries(places.files).map(([name, text]) => [name, [text, htmlUnescape(text)]] as const)
  for (const secret of new Set(secrets)) {
    const inLog = leakIn('log shows', [visible], secret)
    if (inLog) leaks.push(inLog)
    for (const [name, texts] of files) {
      const inFile = leakIn(`${name} holds`, texts, secret)
      if (inFile) leaks.push(inFile)
    }
  }
  return leaks
}
