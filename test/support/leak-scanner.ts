import { secretForms } from '../../src/secrets.js'
import { visibleLog } from './runner-log.js'

/**
 * The secrets (in any form a log or file could hold them) that a reader could find: in the log
 * after masking, and anywhere at all in outputs, the summary or env files.
 */
export function findLeaks(
  secrets: readonly string[],
  places: { log: string; files: Record<string, string> },
): string[] {
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
