import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO } from './demo.js'
import { inputsEnvFile } from './env-file.js'

const urls = { ims: 'http://127.0.0.1:40001', hubspot: 'http://127.0.0.1:40002', platform: 'http://127.0.0.1:40003' }

describe('the emulator env file', () => {
  it("gives Node's --env-file every input exactly, the secrets' spaces, quotes, backslashes and é included", () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-file-'))
    try {
      const file = join(dir, '.env.emulator')
      writeFileSync(file, inputsEnvFile(urls))
      const read = execFileSync(
        process.execPath,
        [
          `--env-file=${file}`,
          '-e',
          'console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("INPUT_")))))',
        ],
        { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } },
      )
      expect(JSON.parse(read)).toEqual({
        'INPUT_ADOBE-CLIENT-ID': DEMO.adobe.clientId,
        'INPUT_ADOBE-CLIENT-SECRET': DEMO.adobe.clientSecret,
        'INPUT_ADOBE-ORG-ID': DEMO.adobe.orgId,
        'INPUT_HUBSPOT-CLIENT-ID': DEMO.hubspot.clientId,
        'INPUT_HUBSPOT-CLIENT-SECRET': DEMO.hubspot.clientSecret,
        'INPUT_HUBSPOT-REFRESH-TOKEN': DEMO.hubspot.refreshToken,
        'INPUT_PLATFORM-URL': urls.platform,
        'INPUT_IMS-URL': urls.ims,
        'INPUT_HUBSPOT-URL': urls.hubspot,
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
