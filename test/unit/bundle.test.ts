import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-action.js'

const dist = join(ROOT, 'dist')
const scripts = readdirSync(dist).filter((file) => file.endsWith('.js'))

// Sizes are deterministic, so their budget is a test; times and memory are measured by `npm run bench`.
describe('the bundle', () => {
  it('stays within its 600 KB budget', () => {
    const bytes = scripts.reduce((sum, file) => sum + statSync(join(dist, file)).size, 0)
    expect(bytes).toBeLessThanOrEqual(600_000)
  })

  it('is minified, and holds the undici stub instead of undici', () => {
    const code = scripts.map((file) => readFileSync(join(dist, file), 'utf8')).join('\n')
    expect(code.split('\n').length).toBeLessThan(10)
    expect(code).toContain('undici is not bundled with this action')
    expect(code).not.toMatch(/llhttp/i)
  })
})
