import type { RunnerIO } from './runner.js'
import type { SecretRegistry } from './secrets.js'

// Control characters but tab: a newline a server chose would start a line of its own, and a line
// that starts with `::` is a workflow command to the runner (::add-mask::, ::notice::, …).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g
// eslint-disable-next-line no-control-regex
const ANY_CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * The runner as every action uses it, so that what goes out is safe whatever a server put into
 * it: a log line is one line (control characters become spaces), scrubbed of every known secret;
 * the step summary, which the runner does not mask, is scrubbed the same way; an output must be
 * one line of text. Masks (setSecret) pass through untouched.
 */
export function guardedRunner(io: RunnerIO, secrets: SecretRegistry): RunnerIO {
  const safe = (text: string) => secrets.scrub(text)
  return {
    getInput: (name) => io.getInput(name),
    info: (line) => io.info(safe(line.replace(CONTROL_CHARACTERS, ' '))),
    // Workflow commands: @actions/core escapes their newlines itself.
    debug: (line) => io.debug(safe(line)),
    warning: (line) => io.warning(safe(line)),
    isDebug: () => io.isDebug(),
    setSecret: (value) => io.setSecret(value),
    setOutput: (name, value) => {
      if (ANY_CONTROL_CHARACTER.test(value)) {
        throw new Error(`output ${name} would hold a control character; it was not set`)
      }
      io.setOutput(name, safe(value))
    },
    setFailed: (message) => io.setFailed(safe(message)),
    group: (title, fn) => io.group(safe(title.replace(CONTROL_CHARACTERS, ' ')), fn),
    appendSummary: (html) => io.appendSummary(safe(html)),
  }
}
