import * as core from '@actions/core'
import type { RunnerIO } from './runner.js'

/** The runner I/O of a real step: `@actions/core`. */
export const actionsRunner: RunnerIO = {
  getInput: (name) => core.getInput(name),
  info: (line) => core.info(line),
  debug: (line) => core.debug(line),
  warning: (line) => core.warning(line),
  isDebug: () => core.isDebug(),
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (message) => core.setFailed(message),
  group: (title, fn) => core.group(title, fn),
  appendSummary: async (html) => {
    // core.summary.write() throws when the runner gives no summary file.
    if (!process.env['GITHUB_STEP_SUMMARY']) return
    await core.summary.addRaw(html, true).write()
  },
}
