import { describe, expect, it } from 'vitest'
import * as z from '../../../src/core/zod.js'

// Zod Mini comes without messages: the project's zod module sets the English ones, so an answer of
// the wrong shape is described as the classic API would describe it.
describe('the zod the project uses', () => {
  it('describes a wrong type, a missing key and a too-short string in English', () => {
    const schema = z.object({ id: z.string(), name: z.string().check(z.minLength(1)) })
    const messages = (value: unknown) => z.safeParse(schema, value).error?.issues.map((issue) => issue.message)
    expect(messages({ id: 1, name: 'a' })).toEqual(['Invalid input: expected string, received number'])
    expect(messages({ name: 'a' })).toEqual(['Invalid input: expected string, received undefined'])
    expect(messages({ id: 'x', name: '' })).toEqual(['Too small: expected string to have >=1 characters'])
  })

  it('keeps the messages a schema gives', () => {
    const uuid = z.string().check(z.regex(/^[0-9a-f-]{36}$/, { message: 'is not a UUID' }))
    expect(z.safeParse(uuid, 'x').error?.issues[0]?.message).toBe('is not a UUID')
  })
})
