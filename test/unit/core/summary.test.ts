import { describe, expect, it } from 'vitest'
import { escapeHtml, failureSummary, heading, paragraph, table } from '../../../src/core/summary.js'

describe('summary HTML', () => {
  it('escapes the five HTML-special characters, & first', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    )
    expect(escapeHtml('&lt;')).toBe('&amp;lt;')
    expect(escapeHtml('plain text')).toBe('plain text')
  })

  it('makes an escaped heading and paragraph', () => {
    expect(heading('A <b>')).toBe('<h2>A &lt;b&gt;</h2>\n')
    expect(paragraph('x & y')).toBe('<p>x &amp; y</p>\n')
  })

  it('makes a table with a header row, escaped cells, and a dash for an empty cell', () => {
    expect(
      table(
        ['Name', 'State'],
        [
          ['<HubSpot>', ''],
          ['', 'enabled'],
        ],
      ),
    ).toBe(
      '<table><tr><th>Name</th><th>State</th></tr><tr><td>&lt;HubSpot&gt;</td><td>—</td></tr><tr><td>—</td><td>enabled</td></tr></table>\n',
    )
    expect(table(['Only'], [])).toBe('<table><tr><th>Only</th></tr></table>\n')
  })

  it('shows a failure under the title, its message preformatted and escaped', () => {
    expect(failureSummary('Title & co', 'line 1 <x>\nWhat to do: y')).toBe(
      '<h2>Title &amp; co</h2>\n<p><strong>Failed.</strong></p><pre>line 1 &lt;x&gt;\nWhat to do: y</pre>\n',
    )
  })
})
