import { secretForms } from '../../src/secrets.js'

/** Undoes the runner's escaping of command data (`::add-mask::` values). */
function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/**
 * Reads a step's log the way the runner shows it: a value registered with `::add-mask::` is
 * hidden from every later line (the registering line itself is never shown). Returns what a
 * reader of the build log would see.
 */
export function visibleLog(log: string): string {
  const masks: string[] = []
  const shown: string[] = []
  for (const line of log.split('\n')) {
    const mask = line.match(/^::add-mask::(.*)$/)
    if (mask) {
      const value = unescapeCommandData(mask[1] ?? '')
      if (value) masks.push(value)
      continue
    }
    let visible = line
    for (const value of [...masks].sort((a, b) => b.length - a.length)) visible = visible.split(value).join('***')
    shown.push(visible)
  }
  return shown.join('\n')
}

/**
 * The secrets (in any form a log or file could hold them) that a reader could find: in the log
 * after masking, and anywhere at all in outputs, the summary or env files.
 */
export function findLeaks(secrets: readonly string[], places: { log: string; files: Record<string, string> }): string[] {
  const leaks: string[] = []
  const visible = visibleLog(places.log)
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      if (form.length < 4) continue
      if (visible.includes(form)) leaks.push(`log shows a form of a secret: ${JSON.stringify(form.slice(0, 4))}…`)
      for (const [name, text] of Object.entries(places.files)) {
        if (text.includes(form)) leaks.push(`${name} holds a form of a secret: ${JSON.stringify(form.slice(0, 4))}…`)
      }
    }
  }
  return leaks
}
