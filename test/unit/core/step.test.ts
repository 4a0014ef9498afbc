import { afterEach, describe, expect, it, vi } from 'vitest'
import { readConfig } from '../../../src/actions/connection/inputs.js'
import { ActionError } from '../../../src/core/errors.js'
import { RETRY_POLICY } from '../../../src/core/retry-policy.js'
import type { SecretRegistry } from '../../../src/core/secrets.js'
import { runStep, type StepContext, type StepDefinition } from '../../../src/core/step.js'
import { FakeClock } from '../../support/fake-clock.js'
import { FakeRunner } from '../../support/fake-runner.js'

afterEach(() => {
  vi.useRealTimers()
})

interface TestConfig {
  timeoutSeconds: number
  token: string
}

/** A step whose config is two inputs (token is secret), and whose run is the test's. */
function definition(run: (config: TestConfig, context: StepContext) => Promise<void>): StepDefinition<TestConfig> & {
  runs: number
} {
  const result = {
    title: 'Test <step>',
    runs: 0,
    readConfig: (getInput: (name: string) => string, secrets: SecretRegistry): TestConfig => {
      const token = getInput('token')
      secrets.register(token)
      const timeout = getInput('timeout-seconds')
      if (!/^\d+$/.test(timeout)) {
        throw new ActionError(`An input is invalid; no request was sent:\n- input 'timeout-seconds': got ${timeout}`, {
          kind: 'input',
        })
      }
      return { timeoutSeconds: Number(timeout), token }
    },
    run: async (config: TestConfig, context: StepContext) => {
      result.runs++
      await run(config, context)
    },
  }
  return result
}

const INPUTS = { token: 'sekret-token-value', 'timeout-seconds': '60' }
const noExit = () => undefined

describe('runStep', () => {
  it('runs the step with its config and a context made for it', async () => {
    const runner = new FakeRunner({ inputs: INPUTS })
    const clock = new FakeClock()
    let seen: { config: TestConfig; context: StepContext } | undefined
    const step = definition(async (config, context) => {
      seen = { config, context }
      await clock.sleep(10_000)
    })
    await runStep(runner, step, { clock, env: {}, exit: noExit })
    expect(runner.failed).toBe(false)
    expect(step.runs).toBe(1)
    expect(seen!.config).toEqual({ timeoutSeconds: 60, token: 'sekret-token-value' })
    const { context } = seen!
    // The runner, guarded: what the step writes through it reaches the runner.
    context.io.info('through the guard')
    expect(runner.log).toContain('through the guard\n')
    expect(context.deadline.totalMs).toBe(60_000)
    // The deadline runs on the step's clock.
    expect(context.deadline.remainingMs()).toBeLessThanOrEqual(50_000)
    expect(context.deadline.remainingMs()).toBeGreaterThan(49_000)
    expect(context.retrier.policy).toBe(RETRY_POLICY)
    expect(context.secrets.scrub('a sekret-token-value')).toBe('a ***')
    expect(runner.summary).toBe('')
  })

  it('masks the secret inputs and the proxy credentials before anything else', async () => {
    const runner = new FakeRunner({ inputs: INPUTS })
    const step = definition(async () => undefined)
    await runStep(runner, step, { env: { HTTPS_PROXY: 'http://u:proxy-pw@proxy:8080' }, exit: noExit })
    const masks = runner.log.split('\n').filter((line) => line.startsWith('::add-mask::'))
    expect(masks).toEqual(
      expect.arrayContaining([
        '::add-mask::http://u:proxy-pw@proxy:8080',
        '::add-mask::proxy-pw',
        '::add-mask::sekret-token-value',
      ]),
    )
    expect(runner.log.indexOf('proxy-pw')).toBeLessThan(runner.log.indexOf('sekret-token-value'))
  })

  it('uses the policy it is given', async () => {
    const policy = { ...RETRY_POLICY, attempts: 1 }
    let used: unknown
    await runStep(
      new FakeRunner({ inputs: INPUTS }),
      definition(async (_, context) => {
        used = context.retrier.policy
      }),
      { policy, env: {}, exit: noExit },
    )
    expect(used).toBe(policy)
  })

  it('fails with the input error and runs nothing when an input is invalid', async () => {
    const runner = new FakeRunner({ inputs: { ...INPUTS, 'timeout-seconds': 'soon' } })
    const step = definition(async () => undefined)
    await runStep(runner, step, { env: {}, exit: noExit })
    expect(step.runs).toBe(0)
    expect(runner.failed).toBe(true)
    expect(runner.log).toContain(
      "::error::An input is invalid; no request was sent:%0A- input 'timeout-seconds': got soon\n",
    )
  })

  it("fails with the connection action's input errors before any request", async () => {
    const runner = new FakeRunner({
      inputs: { 'adobe-client-id': 'id', 'hubspot-refresh-token': 'na1-secret-refresh' },
    })
    let ran = false
    await runStep(
      runner,
      {
        title: 'Connection',
        readConfig,
        run: async () => {
          ran = true
        },
      },
      { env: {}, exit: noExit },
    )
    expect(ran).toBe(false)
    expect(runner.failed).toBe(true)
    expect(runner.log).toMatch(
      /::error::4 inputs are invalid; no request was sent:%0A- input 'adobe-org-id': is required%0A/,
    )
    expect(runner.log).toContain("- input 'adobe-client-secret': is empty, and so is adobe-access-token")
    expect(runner.log).toContain('::add-mask::na1-secret-refresh')
    expect(runner.log.split('::error::')[1]).not.toContain('na1-secret-refresh')
  })

  it('fails with the rendered error, and puts it in the summary', async () => {
    const runner = new FakeRunner({ inputs: INPUTS })
    await runStep(
      runner,
      definition(async () => {
        throw new ActionError('it broke', { kind: 'transient', service: 'Flow Service', status: 503, hint: 'Re-run.' })
      }),
      { env: {}, exit: noExit },
    )
    const message = 'Flow Service failed (HTTP 503): it broke\nWhat to do: Re-run.'
    expect(runner.log).toContain(`::error::${message.replace(/\n/g, '%0A')}\n`)
    expect(runner.summary).toBe(
      '<h2>Test &lt;step&gt;</h2>\n<p><strong>Failed.</strong></p><pre>Flow Service failed (HTTP 503): it broke\nWhat to do: Re-run.</pre>\n',
    )
  })

  it('scrubs every secret from the message, the summary and the stack', async () => {
    const runner = new FakeRunner({ inputs: INPUTS, debug: true })
    await runStep(
      runner,
      definition(async () => {
        throw new Error('server said: bad token sekret-token-value')
      }),
      { env: { HTTPS_PROXY: 'http://u:proxy-pw@proxy:8080' }, exit: noExit },
    )
    expect(runner.log).toContain('::error::server said: bad token ***\n')
    expect(runner.summary).toContain('server said: bad token ***')
    expect(runner.summary).not.toContain('sekret-token-value')
    const afterMasks = runner.log
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    expect(afterMasks).not.toContain('sekret-token-value')
  })

  it("prints the error's stack only in debug mode", async () => {
    const failing = () =>
      definition(async () => {
        throw new Error('boom')
      })
    const quiet = new FakeRunner({ inputs: INPUTS })
    await runStep(quiet, failing(), { env: {}, exit: noExit })
    expect(quiet.log).not.toContain('::debug::')
    expect(quiet.log).toContain('::error::boom\n')

    const debug = new FakeRunner({ inputs: INPUTS, debug: true })
    await runStep(debug, failing(), { env: {}, exit: noExit })
    expect(debug.log).toMatch(/::debug::Error: boom%0A\s+at /)
    expect(debug.log.indexOf('::debug::Error: boom')).toBeLessThan(debug.log.indexOf('::error::boom'))
  })

  it('prints no stack for a thrown value that is not an error', async () => {
    const runner = new FakeRunner({ inputs: INPUTS, debug: true })
    await runStep(
      runner,
      definition(async () => {
        throw 'a string'
      }),
      { env: {}, exit: noExit },
    )
    expect(runner.log).toContain('::error::a string\n')
    expect(runner.log).not.toContain('::debug::')
  })

  it('still fails the step when the summary cannot be written', async () => {
    const runner = new FakeRunner({ inputs: INPUTS })
    runner.appendSummary = () => Promise.reject(new Error('disk full'))
    await expect(
      runStep(
        runner,
        definition(async () => {
          throw new Error('boom')
        }),
        { env: {}, exit: noExit },
      ),
    ).resolves.toBeUndefined()
    expect(runner.failed).toBe(true)
    expect(runner.log).toContain('::error::boom\n')
  })

  it('writes no summary where the runner has none', async () => {
    const runner = new FakeRunner({ inputs: INPUTS, summary: false })
    await runStep(
      runner,
      definition(async () => {
        throw new Error('boom')
      }),
      { env: {}, exit: noExit },
    )
    expect(runner.failed).toBe(true)
    expect(runner.summary).toBe('')
  })

  it('runs with the system clock, the process environment and no options at all', async () => {
    const runner = new FakeRunner({ inputs: INPUTS })
    let remaining = 0
    await runStep(
      runner,
      definition(async (_, context) => {
        remaining = context.deadline.remainingMs()
      }),
    )
    expect(runner.failed).toBe(false)
    expect(remaining).toBeGreaterThan(59_000)
  })

  describe('the watchdog', () => {
    it('fails and exits when the step outlives its deadline by 5 s', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const runner = new FakeRunner({ inputs: { ...INPUTS, 'timeout-seconds': '2' } })
      const exits: number[] = []
      let finish: () => void = () => undefined
      const step = definition(() => new Promise<void>((resolve) => (finish = resolve)))
      const running = runStep(runner, step, { env: {}, exit: (code) => exits.push(code) })
      await vi.advanceTimersByTimeAsync(6_999)
      expect(exits).toEqual([])
      expect(runner.failed).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect(exits).toEqual([1])
      expect(runner.log).toContain(
        '::error::the step ran out of time (timeout-seconds: 2) while waiting for the step to finish%0AWhat to do: ',
      )
      finish()
      await running
    })

    it('ends the process by default', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
      try {
        const runner = new FakeRunner({ inputs: { ...INPUTS, 'timeout-seconds': '1' } })
        let finish: () => void = () => undefined
        const running = runStep(
          runner,
          definition(() => new Promise<void>((resolve) => (finish = resolve))),
          { env: {} },
        )
        await vi.advanceTimersByTimeAsync(6_000)
        expect(exit).toHaveBeenCalledWith(1)
        expect(runner.failed).toBe(true)
        finish()
        await running
      } finally {
        exit.mockRestore()
      }
    })

    it('is stopped when the step ends in time', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const runner = new FakeRunner({ inputs: { ...INPUTS, 'timeout-seconds': '2' } })
      const exits: number[] = []
      await runStep(
        runner,
        definition(async () => undefined),
        { env: {}, exit: (code) => exits.push(code) },
      )
      expect(vi.getTimerCount()).toBe(0)
      await vi.advanceTimersByTimeAsync(60_000)
      expect(exits).toEqual([])
      expect(runner.failed).toBe(false)
    })

    it('is stopped when the step fails', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const runner = new FakeRunner({ inputs: INPUTS })
      await runStep(
        runner,
        definition(async () => {
          throw new Error('boom')
        }),
        { env: {} },
      )
      expect(vi.getTimerCount()).toBe(0)
    })
  })
})
