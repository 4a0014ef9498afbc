/**
 * What an action does to the GitHub runner, as a port: production wires `@actions/core` into it
 * (`actions-runner.ts`), tests wire a recorder. Nothing else in `src/` imports `@actions/core`, so
 * every engine runs in-process under test.
 */
export interface RunnerIO {
  /** The input's value as the runner gives it (`INPUT_<NAME>`), trimmed; '' when not set. */
  getInput(name: string): string
  info(line: string): void
  /** Shown only when the run has debug logging on. */
  debug(line: string): void
  warning(line: string): void
  isDebug(): boolean
  /** Masks a value in every later log line of the job. */
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  /** Marks the step failed with this message (the step's process then exits with 1). */
  setFailed(message: string): void
  /** Runs `fn` inside a collapsible log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  /** Appends HTML to the step summary; does nothing where the runner has none. */
  appendSummary(html: string): Promise<void>
}

/** Time, for the code that waits: real in production, controlled in unit tests. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  /** A number in [0, 1), for jitter. */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
}
