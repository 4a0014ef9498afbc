import { describe, expect, it } from 'vitest'
import { findLeaks } from '../support/leak-scanner.js'
import { readableLog, visibleLog } from '../support/runner-log.js'

const secret = 'p8e-a+b/c=d%e&f "g\\hé'
/** How the runner is told to mask a value (`%` escaped as command data). */
const addMask = (value: string) => `::add-mask::${value.replace(/%/g, '%25')}\n`
/** No message may show more than 4 characters of the secret. */
const showsAtMostFourCharacters = (leaks: string[], value: string) =>
  leaks.every((leak) => !leak.includes(value.slice(0, 5)))

describe('the leak scanner the end-to-end tests run', () => {
  it('finds a secret printed before it was masked', () => {
    expect(findLeaks([secret], { log: `oops ${secret}\n${addMask(secret)}`, files: {} })).not.toEqual([])
  })

  it('accepts a secret that is masked before it is printed', () => {
    const log = `${addMask(secret)}value is ${secret}\n`
    expect(visibleLog(log)).toBe('value is ***\n')
    expect(findLeaks([secret], { log, files: {} })).toEqual([])
  })

  it('finds an escaped form that was not masked', () => {
    const log = `${addMask(secret)}body ${encodeURIComponent(secret)}\n`
    expect(findLeaks([secret], { log, files: {} })).toHaveLength(1)
    const json = `${addMask(secret)}body ${JSON.stringify(secret)}\n`
    expect(findLeaks([secret], { log: json, files: {} })).toHaveLength(1)
  })

  it('finds any secret in outputs or the summary, masked or not', () => {
    const log = addMask(secret)
    expect(findLeaks([secret], { log, files: { summary: `<td>${secret}</td>` } })).toEqual([
      expect.stringMatching(/^summary holds/),
    ])
  })

  it('shows the log as a person reads it', () => {
    expect(
      readableLog('::add-mask::tok\n::group::Phase\n::debug::hidden\nsaw tok\n::endgroup::\n::error::bad%0Athing'),
    ).toBe('▸ Phase\n  saw ***\nerror: bad\nthing')
  })

  it('computes its own forms: a percent-encoding with lowercase hex is caught', () => {
    const lower = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
    expect(lower).not.toBe(encodeURIComponent(secret))
    const log = `${addMask(secret)}${addMask(encodeURIComponent(secret))}body ${lower}\n`
    const leaks = findLeaks([secret], { log, files: {} })
    expect(leaks).toEqual([expect.stringMatching(/^log shows a form of a secret \(percent-encoded, lowercase hex\)/)])
    expect(showsAtMostFourCharacters(leaks, lower)).toBe(true)
    // …and form encoding with lowercase hex too
    const form = new URLSearchParams({ s: secret }).toString().slice(2).toLowerCase()
    expect(findLeaks([secret], { log: `${addMask(secret)}body ${form}\n`, files: {} })).toHaveLength(1)
  })

  it('finds a secret whose runs of whitespace were collapsed to one space', () => {
    const spaced = 'hub  secret\twith   gaps'
    const log = `${addMask(spaced)}error: ${spaced.replace(/\s+/g, ' ')}\n`
    expect(findLeaks([spaced], { log, files: {} })).toEqual([
      expect.stringMatching(/^log shows a form of a secret \(whitespace-collapsed\)/),
    ])
    const twoSpaces = 'ab  cd'
    expect(findLeaks([twoSpaces], { log: `${addMask(twoSpaces)}ab cd\n`, files: {} })).toHaveLength(1)
  })

  it('finds each line of a multi-line secret', () => {
    const pem = '-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n-----END KEY-----'
    const log = `${addMask(pem).replace(/\n(?!$)/g, '%0A')}line 2 is MIIEvQIBADANBgkq\n`
    expect(findLeaks([pem], { log, files: {} })).toHaveLength(1)
  })

  it('finds a truncated secret: 20 of its 40 characters', () => {
    const long = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBK'
    expect(long).toHaveLength(40)
    const log = `${addMask(long)}refresh failed: token ${long.slice(0, 20)}…\n`
    const leaks = findLeaks([long], { log, files: {} })
    expect(leaks).toEqual([expect.stringMatching(/^log shows part of a secret \(12 characters from offset 0\)/)])
    expect(showsAtMostFourCharacters(leaks, long)).toBe(true)
    expect(findLeaks([long], { log: '', files: { outputs: `x=${long.slice(25)}\n` } })).toEqual([
      expect.stringMatching(/^outputs holds part of a secret \(12 characters from offset 25\)/),
    ])
  })

  it('finds an HTML-escaped secret in the summary', () => {
    const html = `tok<en>&"it's"-x`
    const escaped = 'tok&lt;en&gt;&amp;&quot;it&#39;s&quot;-x'
    expect(findLeaks([html], { log: addMask(html), files: { summary: `<td>${escaped}</td>` } })).toEqual([
      expect.stringMatching(/^summary holds a form of a secret/),
    ])
  })

  it('finds a secret in the summary written with entities of any kind (&amp;, &quot;, &#x27;, or some raw)', () => {
    const html = `a&b"c'd-e&f`
    // Neither the secret as is nor its HTML-escaped form: only decoding the summary finds it.
    const mixed = `a&amp;b&quot;c'd-e&amp;f`
    const hex = `a&amp;b"c&#x27;d-e&f`
    expect(findLeaks([html], { log: '', files: { summary: `<code>${mixed}</code>` } })).toEqual([
      expect.stringMatching(/^summary holds/),
    ])
    expect(findLeaks([html], { log: '', files: { summary: hex } })).toEqual([expect.stringMatching(/^summary holds/)])
  })

  it('reports nothing for a log that only shows ***', () => {
    const long = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBK'
    const log = `${addMask(long)}${addMask(secret)}token ***\nsecret *** and ***\n::debug::body {"access_token":"***"}\n`
    expect(visibleLog(log)).not.toContain(long.slice(0, 4))
    expect(findLeaks([long, secret], { log, files: { summary: '<td>***</td>', outputs: 'id=***\n' } })).toEqual([])
  })

  it('reports one message per secret and place, each showing at most 4 characters', () => {
    const long = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBK'
    const leaks = findLeaks([long], {
      log: `${long}\n${JSON.stringify(long)}\n${long.slice(3, 30)}\n`,
      files: { summary: long, outputs: `a=${long}\n`, GITHUB_ENV: 'nothing here' },
    })
    expect(leaks).toEqual([
      expect.stringMatching(/^log shows a form of a secret \(as is\): "CJSP"…$/),
      expect.stringMatching(/^summary holds/),
      expect.stringMatching(/^outputs holds/),
    ])
    expect(showsAtMostFourCharacters(leaks, long)).toBe(true)
  })

  it('ignores forms shorter than 4 characters', () => {
    expect(findLeaks(['abc'], { log: 'abc\n', files: { summary: 'abc' } })).toEqual([])
  })
})
