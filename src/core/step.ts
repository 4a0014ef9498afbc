import { Deadline } from './deadline.js'
import { renderError } from './errors.js'
import { Retrier } from './retrier.js'
import { LogGroups } from './log-groups.js'
import { RETRY_POLICY, type RetryPolicy } from './retry-policy.js'
import { systemClock, type Clock, type RunnerIO } from './runner.js'
import { guardedRunner } from './runner-guard.js'
import { registerProxyCredentials, SecretRegistry } from './secrets.js'
import { Sender } from './sender.js'
import { failureSummary } from './summary.js'
import { HttpTransport } from './transport.js'

/** What every phase of an action works with, made once per step. */
export interface StepContext {
  /** The runner; its log groups run at the same time when started so, and print in order. */
  io: RunnerIO
  secrets: SecretRegistry
  deadline: Deadline
  sender: Sender
  /** For polling a state until it settles (retries of requests are the sender's). */
  retrier: Retrier
  /**
   * Opens `count` connections (default 1) to the origin of `url` ahead of the requests that will
   * go there once what they need is known, such as the Adobe token.
   */
  preconnect(url: string, count?: number): void
}

export interface StepDefinition<C extends { timeoutSeconds: number }> {
  /** The heading of the step summary. */
  title: string
  /** Reads and validates every input; masks the secret ones first. */
  readConfig(getInput: (name: string) => string, secrets: SecretRegistry): C
  run(config: C, context: StepContext): Promise<void>
}

export interface StepOptions {
  clock?: Clock
  policy?: RetryPolicy
  env?: NodeJS.ProcessEnv
  /** Ends the process when the step outlives its deadline (see the watchdog). */
  exit?: (code: number) => void
}

/** A step must end: should anything outlive the deadline by a few seconds, fail and exit. */
const WATCHDOG_GRACE_MS = 5_000

/**
 * Runs one action step: proxy credentials and secret inputs masked first, inputs read, then the
 * action within its deadline. Every failure ends here, once, as one clear message, in the log and
 * the step summary, scrubbed of every secret.
 */
export async function runStep<C extends { timeoutSeconds: number }>(
  runner: RunnerIO,
  definition: StepDefinition<C>,
  options: StepOptions = {},
): Promise<void> {
  const clock = options.clock ?? systemClock
  const secrets = new SecretRegistry((value) => runner.setSecret(value))
  const guarded = guardedRunner(runner, secrets)
  const groups = new LogGroups(guarded)
  const io = groups.io
  let watchdog: NodeJS.Timeout | undefined
  let transport: HttpTransport | undefined
  try {
    registerProxyCredentials(secrets, options.env ?? process.env)
    const config = definition.readConfig((name) => io.getInput(name), secrets)
    const deadline = new Deadline(config.timeoutSeconds * 1000, () => clock.now())
    const exit = options.exit ?? ((code: number) => process.exit(code))
    watchdog = setTimeout(() => {
      void groups.abandonAll()
      guarded.setFailed(secrets.scrub(renderError(deadline.expiredError('the step to finish'))))
      exit(1)
    }, deadline.totalMs + WATCHDOG_GRACE_MS).unref()
    const log = (line: string) => io.info(line)
    const retrier = new Retrier(options.policy ?? RETRY_POLICY, deadline, clock, log, (line) => io.debug(line))
    const http = new HttpTransport(deadline, (line) => io.debug(line))
    transport = http
    const sender = new Sender(http, retrier, clock, log)
    const preconnect = (url: string, count?: number) => http.preconnect(url, count)
    await definition.run(config, { io, secrets, deadline, sender, retrier, preconnect })
    await groups.flush()
  } catch (error) {
    // The error is the log's last word: groups of phases still running are not printed.
    await groups.abandonAll()
    const message = secrets.scrub(renderError(error))
    if (guarded.isDebug() && error instanceof Error && error.stack) guarded.debug(secrets.scrub(error.stack))
    guarded.setFailed(message)
    await guarded.appendSummary(failureSummary(definition.title, message)).catch(() => undefined)
  } finally {
    clearTimeout(watchdog)
    transport?.close()
  }
}
