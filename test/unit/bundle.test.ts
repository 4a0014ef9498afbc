import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-action.js'

/** Each action's bundle: its folder in dist/ (the connection action's at the top). */
const BUNDLES = [
  { action: 'connection', dir: join(ROOT, 'dist') },
  { action: 'dataflow', dir: join(ROOT, 'dist', 'dataflow') },
]

const scriptsOf = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(dir, file))

// Sizes are deterministic, so their budget is a test; times and memory are measured by `npm run bench`.
describe.each(BUNDLES)('the $action bundle', ({ dir }) => {
  const scripts = scriptsOf(dir)
  const code = scripts.map((file) => readFileSync(file, 'utf8')).join('\n')

  it('exists, with index.js as its entry', () => {
    expect(scripts).toContain(join(dir, 'index.js'))
  })

  it('stays within its 600 KB budget', () => {
    const bytes = scripts.reduce((sum, file) => sum + statSync(file).size, 0)
    expect(bytes).toBeLessThanOrEqual(600_000)
  })

  it('is minified, and holds the undici stub instead of undici', () => {
    expect(code.split('\n').length).toBeLessThan(10)
    expect(code).toContain('undici is not bundled with this action')
    expect(code).not.toMatch(/llhttp/i)
  })

  it('holds neither @actions/exec nor @actions/io, nor the child_process they load', () => {
    // The stub that replaces @actions/exec is unused, so the bundler drops it too. An option of
    // exec's ToolRunner, and a function of @actions/io: in the bundle only with them.
    expect(code).not.toContain('windowsVerbatimArguments')
    expect(code).not.toContain('rmRF')
    expect(code).not.toMatch(/["']child_process["']/)
  })

  it("holds zod's tree-shaken Zod Mini with its English messages only, not the classic API nor other locales", () => {
    expect(code).toContain('"ZodMiniObject"')
    // The classic API's constructors are named ZodString, ZodObject… ($constructor("ZodString", …)).
    expect(code).not.toContain('"ZodString"')
    expect(code).not.toContain('"ZodObject"')
    expect(code).toContain('Invalid input: expected ')
    // The German locale's word for "input": another locale in the bundle would hold it.
    expect(code).not.toContain('Ungültige Eingabe')
  })
})
