import { describe, expect, it } from 'vitest'
import { findLeaks } from '../support/leak-scanner.js'
import { readableLog, visibleLog } from '../support/runner-log.js'

const secret = 'p8e-a+b/c=d%e&f "g\\hé'

describe('the leak scanner the end-to-end tests run', () => {
  it('finds a secret printed before it was masked', () => {
    expect(
      findLeaks([secret], { log: `oops ${secret}\n::add-mask::${secret.replace(/%/g, '%25')}\n`, files: {} }),
    ).not.toEqual([])
  })

  it('accepts a secret that is masked before it is printed', () => {
    const log = `::add-mask::${secret.replace(/%/g, '%25')}\nvalue is ${secret}\n`
    expect(visibleLog(log)).toBe('value is ***\n')
    expect(findLeaks([secret], { log, files: {} })).toEqual([])
  })

  it('finds an escaped form that was not masked', () => {
    const log = `::add-mask::${secret.replace(/%/g, '%25')}\nbody ${encodeURIComponent(secret)}\n`
    expect(findLeaks([secret], { log, files: {} })).toHaveLength(1)
    const json = `::add-mask::${secret.replace(/%/g, '%25')}\nbody ${JSON.stringify(secret)}\n`
    expect(findLeaks([secret], { log: json, files: {} })).toHaveLength(1)
  })

  it('finds any secret in outputs or the summary, masked or not', () => {
    const log = `::add-mask::${secret.replace(/%/g, '%25')}\n`
    expect(findLeaks([secret], { log, files: { summary: `<td>${secret}</td>` } })).toEqual([
      expect.stringMatching(/^summary holds/),
    ])
  })

  it('shows the log as a person reads it', () => {
    expect(
      readableLog('::add-mask::tok\n::group::Phase\n::debug::hidden\nsaw tok\n::endgroup::\n::error::bad%0Athing'),
    ).toBe('▸ Phase\n  saw ***\nerror: bad\nthing')
  })
})
