import { describe, expect, it } from 'vitest'
import { LogGroups } from '../../../src/core/log-groups.js'
import { FakeRunner } from '../../support/fake-runner.js'

/** A promise settled from outside, to end a phase when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets every pending callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

function setup() {
  const runner = new FakeRunner()
  const groups = new LogGroups(runner)
  return { runner, groups, io: groups.io }
}

describe('LogGroups', () => {
  it('prints the groups in the order they started, whichever ends first', async () => {
    const { runner, groups, io } = setup()
    const first = deferred()
    const a = io.group('A', async () => {
      await first.promise
      io.info('a done')
      return 'a'
    })
    const b = io.group('B', async () => {
      io.info('b done')
      return 'b'
    })
    expect(await b).toBe('b')
    await settle()
    expect(runner.log).toBe('::group::A\n')

    first.resolve()
    expect(await a).toBe('a')
    await groups.flush()
    expect(runner.log).toBe('::group::A\na done\n::endgroup::\n::group::B\nb done\n::endgroup::\n')
  })

  it('prints the head group as it goes, and holds the next one until its turn', async () => {
    const { runner, groups, io } = setup()
    const step = deferred()
    const a = io.group('A', async () => {
      io.info('a 1')
      await step.promise
      io.info('a 2')
    })
    const b = io.group('B', async () => io.info('b 1'))
    await b
    await settle()
    expect(runner.log).toBe('::group::A\na 1\n')
    step.resolve()
    await a
    await groups.flush()
    expect(runner.log).toBe('::group::A\na 1\na 2\n::endgroup::\n::group::B\nb 1\n::endgroup::\n')
  })

  it("puts a line in the group of the work that logged it, even when the logger is someone else's", async () => {
    const { runner, groups, io } = setup()
    // As the step's Sender logs a retry: a function made outside any group.
    const retryLine = (line: string) => io.info(line)
    const gate = deferred()
    const a = io.group('A', async () => {
      await gate.promise
      retryLine('retrying A')
    })
    const b = io.group('B', async () => {
      await Promise.resolve()
      retryLine('retrying B')
      io.warning('B warns')
      io.debug('B debug')
    })
    await b
    gate.resolve()
    await a
    await groups.flush()
    expect(runner.log).toBe(
      '::group::A\nretrying A\n::endgroup::\n::group::B\nretrying B\n::warning::B warns\n::debug::B debug\n::endgroup::\n',
    )
  })

  it('prints a line logged outside any group behind the groups started before it', async () => {
    const { runner, groups, io } = setup()
    io.info('before')
    const gate = deferred()
    const a = io.group('A', () => gate.promise)
    io.info('after A started')
    gate.resolve()
    await a
    await groups.flush()
    io.info('at the end')
    expect(runner.log).toBe('before\n::group::A\n::endgroup::\nafter A started\nat the end\n')
  })

  it('keeps a group started inside another in the enclosing one (the log has no nested groups)', async () => {
    const { runner, groups, io } = setup()
    await io.group('Outer', async () => {
      io.info('outer')
      const inner = await io.group('Inner', async () => {
        io.info('inner')
        return 42
      })
      io.info(`inner gave ${inner}`)
    })
    await groups.flush()
    expect(runner.log).toBe('::group::Outer\nouter\ninner\ninner gave 42\n::endgroup::\n')
  })

  it('gives each caller its own error, and no unhandled rejection for a group nobody awaits', async () => {
    const { runner, groups, io } = setup()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const a = io.group('A', async () => {
        throw new Error('A failed')
      })
      // B fails too, and nobody awaits it: the step stops at A's error.
      void io.group('B', async () => {
        throw new Error('B failed')
      })
      await expect(a).rejects.toThrow('A failed')
      await groups.abandonAll()
      await settle()
      expect(unhandled).toEqual([])
      // B ended before the step gave up, so its (empty) group was printed in its turn.
      expect(runner.log).toBe('::group::A\n::endgroup::\n::group::B\n::endgroup::\n')
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('when abandoned, closes the open group at once and prints nothing more', async () => {
    const { runner, groups, io } = setup()
    const never = deferred()
    void io.group('Running', async () => {
      io.info('started')
      await never.promise
      io.info('never printed')
    })
    void io.group('Held', async () => io.info('held line'))
    await settle()
    await groups.abandonAll()
    io.info('after the failure')
    runner.setFailed('the step failed')
    never.resolve()
    await settle()
    expect(runner.log).toBe('::group::Running\nstarted\n::endgroup::\n::error::the step failed\n')
  })

  it('flush waits for a group whose work is still running', async () => {
    const { runner, groups, io } = setup()
    const gate = deferred()
    void io.group('Slow', async () => {
      await gate.promise
      io.info('slow done')
    })
    const flushed = groups.flush()
    await settle()
    expect(runner.log).toBe('::group::Slow\n')
    gate.resolve()
    await flushed
    expect(runner.log).toBe('::group::Slow\nslow done\n::endgroup::\n')
  })

  it('passes what is not the log straight through', async () => {
    const { runner, io } = setup()
    const group = io.group('Open', () => new Promise<void>(() => undefined))
    void group
    io.setSecret('s3cret')
    io.setOutput('name', 'value')
    await io.appendSummary('<p>x</p>')
    expect(runner.log).toBe('::group::Open\n::add-mask::s3cret\n')
    expect(runner.outputs).toEqual({ name: 'value' })
    expect(runner.summary).toBe('<p>x</p>')
    expect(io.isDebug()).toBe(false)
    expect(io.getInput('missing')).toBe('')
  })
})
