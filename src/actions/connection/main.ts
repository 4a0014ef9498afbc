import * as core from '@actions/core'
import { readConfig } from './config.js'
import { Deadline } from './deadline.js'
import { renderError } from './errors.js'
import { Http } from './http.js'
import { RetryingHttp } from './retry.js'
import { writeFailureSummary, writeSummary } from './report.js'
import { registerProxyCredentials, SecretRegistry } from './secrets.js'
import { connectHubSpot } from './workflow.js'

/** The action's entry point: every failure ends here, once, as a clear message. */
export async function run(): Promise<void> {
  const secrets = new SecretRegistry()
  let watchdog: NodeJS.Timeout | undefined
  try {
    registerProxyCredentials(secrets)
    const config = readConfig((name) => core.getInput(name), secrets)
    const deadline = new Deadline(config.timeoutSeconds * 1000)
    watchdog = startWatchdog(deadline, secrets)
    const http = new RetryingHttp(new Http(deadline), deadline)
    const outcome = await connectHubSpot(config, http, secrets)
    await writeSummary(outcome)
  } catch (error) {
    const message = secrets.scrub(renderError(error))
    if (core.isDebug() && error instanceof Error && error.stack) core.debug(secrets.scrub(error.stack))
    core.setFailed(message)
    await writeFailureSummary(message).catch(() => undefined)
  } finally {
    clearTimeout(watchdog)
  }
}

/** A step must end: should anything outlive the deadline by a few seconds, fail and exit. */
const WATCHDOG_GRACE_MS = 5_000

function startWatchdog(deadline: Deadline, secrets: SecretRegistry): NodeJS.Timeout {
  return setTimeout(() => {
    core.setFailed(secrets.scrub(renderError(deadline.expiredError('the step to finish'))))
    process.exit(1)
  }, deadline.totalMs + WATCHDOG_GRACE_MS).unref()
}
