import { describe, expect, it } from 'vitest'
import { guardedRunner } from '../../../src/core/runner-guard.js'
import { SecretRegistry } from '../../../src/core/secrets.js'
import { FakeRunner } from '../../support/fake-runner.js'

function guarded() {
  const runner = new FakeRunner({ summary: true })
  const secrets = new SecretRegistry((value) => runner.setSecret(value))
  secrets.register('s3cret-value')
  return { runner, io: guardedRunner(runner, secrets) }
}

describe('guardedRunner', () => {
  it('keeps a log line on one line, so no text in it can start a workflow command', () => {
    const { runner, io } = guarded()
    io.info('Connection x\n::notice title=pwned::hi\r\n::add-mask::Created\u2028more\u0000end')
    // The masks of the secret registered before are the only ::add-mask:: lines.
    const lines = runner.log
      .split('\n')
      .slice(runner.log.split('\n').findIndex((line) => line.startsWith('Connection')))
    expect(lines.filter((line) => /^::(notice|add-mask)/.test(line))).toEqual([])
    expect(runner.log).toContain('Connection x ::notice title=pwned::hi  ::add-mask::Created more end\n')
  })

  it('keeps tabs, and scrubs secrets from log lines, warnings, debug lines and group titles', async () => {
    const { runner, io } = guarded()
    io.info('a\tb s3cret-value')
    io.warning('warn s3cret-value')
    io.debug('debug s3cret-value')
    await io.group('group s3cret-value\nx', async () => undefined)
    expect(runner.log).toContain('a\tb ***\n')
    expect(runner.log).toContain('::warning::warn ***\n')
    expect(runner.log).toContain('::debug::debug ***\n')
    expect(runner.log).toContain('::group::group *** x\n')
  })

  it('scrubs the step summary, which the runner does not mask', async () => {
    const { runner, io } = guarded()
    await io.appendSummary(`<pre>${Buffer.from('s3cret-value').toString('base64')}</pre>`)
    expect(runner.summary).toBe('<pre>***</pre>')
  })

  it('refuses an output with a control character, and sets one-line outputs', () => {
    const { runner, io } = guarded()
    expect(() => io.setOutput('connection-id', 'x\n::notice::y')).toThrow(
      'output connection-id would hold a control character; it was not set',
    )
    io.setOutput('etag', '"a-b"')
    expect(runner.outputs).toEqual({ etag: '"a-b"' })
  })

  it('passes masks, inputs, debug mode and failures through', () => {
    const runner = new FakeRunner({ inputs: { x: ' v ' }, debug: true })
    const io = guardedRunner(runner, new SecretRegistry(() => undefined))
    io.setSecret('a\nb')
    expect(runner.log).toBe('::add-mask::a%0Ab\n')
    expect(io.getInput('x')).toBe('v')
    expect(io.isDebug()).toBe(true)
    io.setFailed('bad\nthing')
    expect(runner.failed).toBe(true)
    expect(runner.log).toContain('::error::bad%0Athing\n')
  })
})
