/**
 * Query-string and form-body parsing, done by hand so the semantics are exact: split on '&',
 * then split each part at its first '=', then decode ('+' is a space, then percent-decoding).
 * An encoded '&', '=' or ',' (%26, %3D, %2C) therefore stays inside its value.
 */

/** Decodes one component; undefined when the percent-encoding is malformed. */
export function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

export interface ParsedPairs {
  pairs: Array<[string, string]>
  /** True when some part could not be decoded (those parts are kept raw in `pairs`). */
  malformed: boolean
}

export function parsePairs(raw: string): ParsedPairs {
  const pairs: Array<[string, string]> = []
  let malformed = false
  for (const part of raw.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawKey = eq === -1 ? part : part.slice(0, eq)
    const rawValue = eq === -1 ? '' : part.slice(eq + 1)
    const key = decodeComponent(rawKey)
    const value = decodeComponent(rawValue)
    if (key === undefined || value === undefined) malformed = true
    pairs.push([key ?? rawKey, value ?? rawValue])
  }
  return { pairs, malformed }
}

/** Splits a raw URL (origin-form) into pathname and raw query. */
export function splitUrl(rawUrl: string): { path: string; rawQuery: string } {
  const q = rawUrl.indexOf('?')
  return q === -1 ? { path: rawUrl, rawQuery: '' } : { path: rawUrl.slice(0, q), rawQuery: rawUrl.slice(q + 1) }
}

/**
 * Text fields of a multipart/form-data body (what adobe/aio-lib-ims sends to IMS).
 * Minimal on purpose: text parts only, no nested multiparts, no file handling.
 */
export function parseMultipart(body: string, contentType: string): Array<[string, string]> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]?.trim()
  if (!boundary) return []
  const fields: Array<[string, string]> = []
  for (const part of body.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd === -1) continue
    const name = /name="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1]
    if (name === undefined) continue
    // The part's content ends with the CRLF that precedes the next delimiter.
    fields.push([name, part.slice(headerEnd + 4).replace(/\r\n$/, '')])
  }
  return fields
}
