import { describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/core/errors.js'
import { etag, hexId, requireHeaderSafe, uuid } from '../../../src/core/server-values.js'

describe('server values', () => {
  const table: Array<[string, { safeParse: (v: unknown) => { success: boolean } }, unknown, boolean]> = [
    ['a UUID', uuid(), '69f188b6-af07-4587-8061-e94d34637b41', true],
    ['an uppercase UUID', uuid(), '69F188B6-AF07-4587-8061-E94D34637B41', true],
    ['a UUID with a newline', uuid(), '69f188b6-af07-4587-8061-e94d34637b41\n', false],
    ['no UUID', uuid(), 'x\n::notice::y', false],
    ['a dataset id', hexId(24), '5ed5639d798a22191b6987b2', true],
    ['a dataset id too short', hexId(24), '5ed5639d798a22191b6987b', false],
    ['a mapping set id', hexId(32), '500a9b747fcf4908a21917d49bd61780', true],
    ['a mapping set id with a space', hexId(32), '500a9b747fcf4908a21917d49bd6178 ', false],
    ['a quoted etag', etag(), '"6802064a-0000-0200-0000-6387c6b90000"', true],
    ['a bare etag', etag(), '6802064a', false],
    ['an etag with a space', etag(), '"a b"', false],
    ['an etag with a quote inside', etag(), '"a"b"', false],
    ['an empty etag', etag(), '""', false],
    ['a number', uuid(), 7, false],
  ]
  for (const [what, schema, value, ok] of table) {
    it(`${ok ? 'takes' : 'refuses'} ${what}`, () => expect(schema.safeParse(value).success).toBe(ok))
  }

  it('refuses a token that cannot be sent in a header, as an answer problem of the call', () => {
    expect(() => requireHeaderSafe('eyJ.abc-_~', { service: 'Adobe IMS', operation: 'mint' })).not.toThrow()
    for (const token of ['a b', 'a\nb', 'é', '']) {
      let error: unknown
      try {
        requireHeaderSafe(token, { service: 'HubSpot OAuth', operation: 'refresh' })
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(ActionError)
      expect((error as ActionError).message).toBe(
        'the answer does not have the expected shape: the access token in the answer cannot be sent in an HTTP header (it holds spaces or control characters)',
      )
      expect((error as ActionError).facts).toMatchObject({ kind: 'unexpected', service: 'HubSpot OAuth', status: 200 })
    }
  })
})
