/** Undoes the runner's escaping of command data (`::add-mask::` values). */
function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/**
 * Reads a step's log the way the runner shows it: a value registered with `::add-mask::` is
 * hidden from every later line (the registering line itself is never shown).
 */
export function visibleLog(log: string): string {
  const masks: string[] = []
  const shown: string[] = []
  for (const line of log.split('\n')) {
    const mask = line.match(/^::add-mask::(.*)$/)
    if (mask) {
      const value = unescapeCommandData(mask[1] ?? '')
      if (value) masks.push(value)
      continue
    }
    let visible = line
    for (const value of [...masks].sort((a, b) => b.length - a.length)) visible = visible.split(value).join('***')
    shown.push(visible)
  }
  return shown.join('\n')
}

/**
 * The masked log as a person reads it on the run's page without debug logging: groups as
 * headings, debug lines hidden, other workflow commands shown by their text.
 */
export function readableLog(log: string): string {
  return visibleLog(log)
    .split('\n')
    .flatMap((line) => {
      if (line.startsWith('::debug::') || line === '::endgroup::') return []
      const group = line.match(/^::group::(.*)$/)
      if (group) return [`▸ ${group[1]}`]
      const command = line.match(/^::(error|warning|notice)[^:]*::(.*)$/)
      if (command) return [`${command[1]}: ${unescapeCommandData(command[2] ?? '')}`]
      return [line ? `  ${line}` : line]
    })
    .join('\n')
}

/** A log group as the runner shows it: its title and its lines (debug lines and commands left out). */
export interface LogGroup {
  title: string
  lines: string[]
}

/** The log's groups, in order, each with the plain lines printed inside it. */
export function logGroups(log: string): LogGroup[] {
  const groups: LogGroup[] = []
  let open: LogGroup | undefined
  for (const line of visibleLog(log).split('\n')) {
    const title = line.match(/^::group::(.*)$/)?.[1]
    if (title !== undefined) groups.push((open = { title: unescapeCommandData(title), lines: [] }))
    else if (line === '::endgroup::') open = undefined
    else if (open && line !== '' && !line.startsWith('::')) open.lines.push(line)
  }
  return groups
}
