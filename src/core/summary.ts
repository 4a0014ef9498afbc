/**
 * The step summary as HTML (what the runner renders on the run's page). Every text that goes in
 * is escaped here; callers pass plain text.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export function heading(text: string): string {
  return `<h2>${escapeHtml(text)}</h2>\n`
}

export function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>\n`
}

/** A table with a header row; an empty cell shows as a dash. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = (tag: 'th' | 'td', row: readonly string[]) =>
    row.map((cell) => `<${tag}>${escapeHtml(cell || '—')}</${tag}>`).join('')
  return `<table><tr>${cells('th', header)}</tr>${rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('')}</table>\n`
}

/** The failure, for readers of the run's summary page. `message` must already be scrubbed. */
export function failureSummary(title: string, message: string): string {
  return `${heading(title)}<p><strong>Failed.</strong></p><pre>${escapeHtml(message)}</pre>\n`
}
