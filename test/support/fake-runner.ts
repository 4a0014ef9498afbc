import type { RunnerIO } from '../../src/core/runner.js'

/** The runner's escaping of command data (what `@actions/core` does to `::cmd::` values). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export interface FakeRunnerOptions {
  /** The step's `with:` values; inputs not given are ''. */
  inputs?: Record<string, string>
  /** RUNNER_DEBUG=1 */
  debug?: boolean
  /** false: the runner gives no step summary file. */
  summary?: boolean
}

/**
 * A runner for in-process tests: it records what an action does to the runner in the same form the
 * runner's log takes (workflow commands, escaped as `@actions/core` escapes them), so that the log
 * helpers and the leak scanner read it as they read a real step's log.
 */
export class FakeRunner implements RunnerIO {
  log = ''
  readonly outputs: Record<string, string> = {}
  summary = ''
  failed = false
  private readonly inputs: Record<string, string>

  constructor(private readonly options: FakeRunnerOptions = {}) {
    this.inputs = options.inputs ?? {}
  }

  getInput(name: string): string {
    return (this.inputs[name] ?? '').trim()
  }
  info(line: string): void {
    this.log += `${line}\n`
  }
  debug(line: string): void {
    this.log += `::debug::${escapeData(line)}\n`
  }
  warning(line: string): void {
    this.log += `::warning::${escapeData(line)}\n`
  }
  isDebug(): boolean {
    return this.options.debug ?? false
  }
  setSecret(value: string): void {
    this.log += `::add-mask::${escapeData(value)}\n`
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value
  }
  setFailed(message: string): void {
    this.failed = true
    this.log += `::error::${escapeData(message)}\n`
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.log += `::group::${escapeData(title)}\n`
    try {
      return await fn()
    } finally {
      this.log += '::endgroup::\n'
    }
  }
  async appendSummary(html: string): Promise<void> {
    if (this.options.summary !== false) this.summary += html
  }

  /** The outputs as the runner's GITHUB_OUTPUT file would hold them. */
  outputFile(): string {
    return Object.entries(this.outputs)
      .map(([name, value]) => `${name}<<ghadelimiter_fake\n${value}\nghadelimiter_fake\n`)
      .join('')
  }
}
