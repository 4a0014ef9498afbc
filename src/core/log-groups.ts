import { AsyncLocalStorage } from 'node:async_hooks'
import type { RunnerIO } from './runner.js'

type LineKind = 'info' | 'debug' | 'warning'

interface Line {
  kind: LineKind
  text: string
}

/** A log group: its lines are held until it is the group's turn, then printed as they come. */
interface Group {
  title: string
  held: Line[]
  /** Printing: the runner's group is open and its lines go straight to the runner. */
  live: boolean
  /** Printed and closed: a line logged in its work after that goes to the top level. */
  over: boolean
  /** Resolves when the group's work has settled, whether it succeeded or failed. */
  settled: Promise<void>
}

/** Lines logged outside any group, held behind the groups started before them. */
interface Loose {
  title?: undefined
  held: Line[]
}

const ignore = () => undefined

/**
 * The step's log when phases run at the same time: one group per phase, printed in the order the
 * phases started, whichever finishes first. A line belongs to the group whose work logged it, what
 * ever logged it (the phase's own code, a retry of one of its requests, a token renewed within
 * it): the group is carried along the phase's asynchronous calls (AsyncLocalStorage). The group at
 * the head of the queue prints as it goes, so a long phase is watched live; the others are held
 * and printed whole when their turn comes.
 */
export class LogGroups {
  private readonly queue: Array<Group | Loose> = []
  private readonly current = new AsyncLocalStorage<Group>()
  /** Resolves when the group the runner has open is closed; undefined when none is open. */
  private closing: Promise<void> | undefined
  private abandoned = false
  private abandon: () => void = ignore
  private readonly abandonedSignal = new Promise<void>((resolve) => (this.abandon = resolve))

  /** The runner as the step's code sees it: the log is this one, the rest passes through. */
  readonly io: RunnerIO

  constructor(private readonly runner: RunnerIO) {
    this.io = {
      getInput: (name) => this.runner.getInput(name),
      isDebug: () => this.runner.isDebug(),
      setSecret: (value) => this.runner.setSecret(value),
      setOutput: (name, value) => this.runner.setOutput(name, value),
      setFailed: (message) => this.runner.setFailed(message),
      appendSummary: (html) => this.runner.appendSummary(html),
      info: (text) => this.write({ kind: 'info', text }),
      debug: (text) => this.write({ kind: 'debug', text }),
      warning: (text) => this.write({ kind: 'warning', text }),
      group: (title, fn) => this.group(title, fn),
    }
  }

  /**
   * Runs `fn` now as a phase with its own group. Started inside another group, `fn` logs into
   * that one: the runner's log has no nested groups.
   */
  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return fn()
    let settle: () => void = ignore
    const group: Group = {
      title,
      held: [],
      live: false,
      over: false,
      settled: new Promise<void>((resolve) => (settle = resolve)),
    }
    this.queue.push(group)
    const work = this.current.run(group, async () => fn())
    // Handled here, so that a phase nobody awaits any more (an earlier one failed) is no
    // unhandled rejection; whoever awaits `work` still gets its error.
    work.then(settle, settle)
    this.print()
    return work
  }

  /**
   * The step succeeded: waits until every group has been printed. A group whose work is still
   * running (an engine that did not wait for it) is waited for.
   */
  async flush(): Promise<void> {
    while (!this.abandoned && (this.closing || this.queue.length > 0)) {
      if (this.closing) await this.closing
      else this.print()
    }
  }

  /**
   * The step failed: the open group is closed at once, and nothing more is printed, so that the
   * error is the last word. Phases still running are left to the step's end (their requests are
   * cancelled with the transport).
   */
  async abandonAll(): Promise<void> {
    this.abandoned = true
    this.abandon()
    if (this.closing) await this.closing
    this.queue.length = 0
  }

  private write(line: Line): void {
    if (this.abandoned) return
    const group = this.current.getStore()
    if (group && !group.over) {
      if (group.live) this.emit(line)
      else group.held.push(line)
      return
    }
    // At the top level: printed at once when nothing is queued, else behind what is.
    if (this.queue.length === 0 && !this.closing) return this.emit(line)
    const last = this.queue[this.queue.length - 1]
    if (last && last.title === undefined) last.held.push(line)
    else this.queue.push({ held: [line] })
  }

  /** Prints from the head of the queue: loose lines at once, the head group as it goes. */
  private print(): void {
    while (!this.closing && !this.abandoned) {
      const head = this.queue.shift()
      if (!head) return
      if (head.title === undefined) {
        head.held.forEach((line) => this.emit(line))
        continue
      }
      const group = head
      this.closing = this.runner
        .group(group.title, async () => {
          group.held.splice(0).forEach((line) => this.emit(line))
          group.live = true
          await Promise.race([group.settled, this.abandonedSignal])
        })
        .then(() => {
          group.over = true
          this.closing = undefined
          this.print()
        })
    }
  }

  private emit({ kind, text }: Line): void {
    this.runner[kind](text)
  }
}
