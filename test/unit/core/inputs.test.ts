import { describe, expect, it } from 'vitest'
import * as z from '../../../src/core/zod.js'
import { ActionError } from '../../../src/core/errors.js'
import {
  atMost,
  checked,
  choice,
  EMPTY_SECRET_HINT,
  headerIdentifier,
  headerSecret,
  identifier,
  input,
  invalid,
  keeping,
  matching,
  multilineText,
  optional,
  orDefault,
  plainText,
  readInputs,
  required,
  secret,
  serviceUrl,
  shown,
  valid,
  wholeNumber,
  yamlBoolean,
  type Rule,
} from '../../../src/core/inputs.js'
import { SecretRegistry } from '../../../src/core/secrets.js'

/** The value a schema reads, or the message of its first issue. */
function read(schema: z.core.$ZodType, value: string): unknown {
  const parsed = z.safeParse(schema, value)
  return parsed.success ? parsed.data : { error: parsed.error.issues[0]!.message }
}
const refused = (message: string | RegExp) => ({
  error: typeof message === 'string' ? message : expect.stringMatching(message),
})

describe('yamlBoolean', () => {
  const table: Array<[string, unknown]> = [
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['', false],
    ['yes', refused('must be true or false; got "yes"')],
    ['no', refused('must be true or false; got "no"')],
    ['1', refused('must be true or false; got "1"')],
    ['0', refused('must be true or false; got "0"')],
    ['on', refused('must be true or false; got "on"')],
    ['tRUE', refused('must be true or false; got "tRUE"')],
    [' true', refused('must be true or false; got " true"')],
  ]
  for (const [value, expected] of table) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
      expect(read(yamlBoolean(false), value)).toEqual(expected)
    })
  }

  it('falls back to its default when empty', () => {
    expect(read(yamlBoolean(true), '')).toBe(true)
  })
})

describe('choice', () => {
  const mode = choice(['reuse', 'update', 'fail'] as const, 'reuse')

  it('accepts each value exactly, and the fallback when empty', () => {
    expect(read(mode, 'update')).toBe('update')
    expect(read(mode, 'fail')).toBe('fail')
    expect(read(mode, '')).toBe('reuse')
  })

  it('is a zod enum of the values', () => {
    expect(mode._zod.def.out.options).toEqual(['reuse', 'update', 'fail'])
  })

  it('refuses anything else, naming the values and what it got', () => {
    expect(read(mode, 'Update')).toEqual(refused('must be one of reuse, update, fail; got "Update"'))
    expect(read(mode, 'x'.repeat(100))).toEqual(refused(`must be one of reuse, update, fail; got "${'x'.repeat(80)}…"`))
  })
})

describe('wholeNumber', () => {
  const seconds = wholeNumber(1, 100, 30, 'a whole number of seconds from 1 to 100')
  const table: Array<[string, unknown]> = [
    ['1', 1],
    ['100', 100],
    ['042', 42],
    ['', 30],
    ['0', refused('must be a whole number of seconds from 1 to 100; got "0"')],
    ['101', refused('must be a whole number of seconds from 1 to 100; got "101"')],
    ['-5', refused(/got "-5"/)],
    ['1.5', refused(/got "1.5"/)],
    ['1e2', refused(/got "1e2"/)],
    ['ten', refused(/got "ten"/)],
    [' 5', refused(/got " 5"/)],
  ]
  for (const [value, expected] of table) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () =>
      expect(read(seconds, value)).toEqual(expected))
  }
})

describe('orDefault', () => {
  it('reads the value, or gives the fallback when the value is empty', () => {
    const upper = orDefault('fallback', (value) => valid(value.toUpperCase()))
    expect(upper('given')).toEqual(valid('GIVEN'))
    expect(upper('')).toEqual(valid('fallback'))
  })

  it('takes the fallback as it is, and gives it of the type the reader reads', () => {
    const count = orDefault(7, (value) => (/^\d+$/.test(value) ? valid(Number(value)) : invalid('must be digits')))
    expect(count('')).toEqual(valid(7))
    expect(count('12')).toEqual(valid(12))
    expect(orDefault('x', keeping(atMost(0)))('')).toEqual(valid('x'))
  })
})

describe('rules', () => {
  const short: Rule = atMost(3)
  const digits: Rule = matching(/^\d+$/, (value) => `must be digits; got ${shown(value)}`)

  it('say what is wrong, or nothing', () => {
    expect(short('abc')).toBeUndefined()
    expect(short('abcd')).toBe('must be at most 3 characters')
    expect(digits('42')).toBeUndefined()
    expect(digits('4x')).toBe('must be digits; got "4x"')
  })

  it('are checked in order, and the first one broken is the problem', () => {
    expect(checked('12', [short, digits])).toEqual(valid('12'))
    expect(checked('abcd', [short, digits])).toEqual(invalid('must be at most 3 characters'))
    expect(checked('abcd', [digits, short])).toEqual(invalid('must be digits; got "abcd"'))
    expect(keeping(digits, short)('1234')).toEqual(invalid('must be at most 3 characters'))
  })

  it('extend the building blocks, after their own rules', () => {
    expect(read(identifier(digits), '')).toEqual(refused('is required'))
    expect(read(identifier(digits), 'a b')).toEqual(refused('must not contain whitespace'))
    expect(read(identifier(digits), 'ab')).toEqual(refused('must be digits; got "ab"'))
    expect(read(plainText(short), 'a\nbcd')).toEqual(refused(/control characters/))
    expect(read(plainText(short), 'abcd')).toEqual(refused('must be at most 3 characters'))
    expect(read(required(digits), '7')).toBe('7')
  })
})

describe('input', () => {
  const number = input((value) => (/^\d+$/.test(value) ? valid(Number(value)) : invalid('must be a number')))

  it('is one schema that gives what its reader reads', () => {
    expect(number.def.type).toBe('transform')
    expect(read(number, '42')).toBe(42)
    expect(read(number, 'x')).toEqual(refused('must be a number'))
  })

  it('refuses what is not text', () => {
    expect(read(number, 42 as never)).toEqual(refused('must be a string; got number'))
  })

  it('does not stop the rules about several inputs, which see the value as given', () => {
    const seen: unknown[] = []
    const both = z.object({ a: number, b: number }).check(
      z.superRefine((inputs) => {
        seen.push(inputs)
      }),
    )
    const parsed = both.safeParse({ a: 'x', b: '2' })
    expect(parsed.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['a'], 'must be a number']])
    expect(seen).toEqual([{ a: 'x', b: 2 }])
  })
})

describe('serviceUrl', () => {
  const url = serviceUrl('https://platform.adobe.io')
  const table: Array<[string, unknown]> = [
    ['', 'https://platform.adobe.io'],
    ['https://gateway.example', 'https://gateway.example'],
    ['https://gateway.example/', 'https://gateway.example'],
    ['https://gateway.example/prefix//', 'https://gateway.example/prefix'],
    ['https://gateway.example/team@aep', 'https://gateway.example/team@aep'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.1.2.3', 'http://127.1.2.3'],
    ['http://localhost:9000', 'http://localhost:9000'],
    ['http://[::1]:7000/prefix/', 'http://[::1]:7000/prefix'],
    [
      'platform.adobe.io',
      refused('must be an absolute URL such as https://platform.adobe.io; got "platform.adobe.io"'),
    ],
    ['http://platform.adobe.io', refused(/^must use https \(http is allowed only for loopback hosts/)],
    ['http://10.0.0.5', refused(/must use https/)],
    ['http://localhost.example', refused(/must use https/)],
    ['ftp://platform.adobe.io', refused(/must use https/)],
    ['https://user:pw@platform.adobe.io', refused('must not contain credentials (user:password@)')],
    ['https://user@platform.adobe.io', refused('must not contain credentials (user:password@)')],
    ['user:s3cret@ims.example', refused('must not contain credentials (user:password@)')],
    ['https://api.hubapi.com?x=1', refused('must not have a query (?…) or a fragment (#…)')],
    ['https://api.hubapi.com/#top', refused('must not have a query (?…) or a fragment (#…)')],
    ['https://plat\tform.adobe.io', refused(/control characters/)],
  ]
  for (const [value, expected] of table) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () =>
      expect(read(url, value)).toEqual(expected))
  }

  // A bare "?" or "#" leaves URL.search and URL.hash empty, so the check lets them through; the
  // paths the clients append then land in the query or the fragment.
  for (const value of ['https://platform.adobe.io/?', 'https://platform.adobe.io#']) {
    it(`refuses the empty query or fragment of ${JSON.stringify(value)}`, () => {
      expect(read(url, value)).toEqual(refused('must not have a query (?…) or a fragment (#…)'))
    })
  }

  // "Not quoted: a query is where an API key would be" must hold for every message.
  for (const value of ['http://gw.example/aep?api_key=SUPERSECRETKEY123', 'gw.example/aep?api_key=SUPERSECRETKEY123']) {
    it(`never quotes the query of ${JSON.stringify(value)}`, () => {
      const result = read(url, value) as { error: string }
      expect(result.error).toBeDefined()
      expect(result.error).not.toContain('SUPERSECRETKEY123')
    })
  }

  it('never quotes a URL that carries credentials', () => {
    const result = read(url, 'http://user:s3cret-pass@platform.example') as { error: string }
    expect(result.error).not.toContain('s3cret-pass')
  })
})

describe('text inputs', () => {
  it('plainText refuses every control character', () => {
    for (const bad of ['a\nb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u009fb']) {
      expect(read(plainText(), bad)).toEqual(refused('must not contain control characters (such as newlines or tabs)'))
    }
    expect(read(plainText(), 'HubSpot, "EU" & co = ünïcode')).toBe('HubSpot, "EU" & co = ünïcode')
  })

  it('multilineText allows newlines and tabs only', () => {
    expect(read(multilineText(), 'line one\r\n\tline two')).toBe('line one\r\n\tline two')
    expect(read(multilineText(), 'a\u0007b')).toEqual(
      refused('must not contain control characters other than newlines and tabs'),
    )
  })

  it('required refuses an empty value', () => {
    expect(read(required(), '')).toEqual(refused('is required'))
    expect(read(required(), 'x')).toBe('x')
  })

  it('identifier is required, plain and without whitespace', () => {
    expect(read(identifier(), '')).toEqual(refused('is required'))
    expect(read(identifier(), 'a b')).toEqual(refused('must not contain whitespace'))
    expect(read(identifier(), 'a\u0001b')).toEqual(refused(/control characters/))
    expect(read(identifier(), 'clïent')).toBe('clïent')
  })

  it('headerIdentifier is visible ASCII too', () => {
    expect(read(headerIdentifier(), 'clïent')).toEqual(
      refused('must contain only visible ASCII characters (it is sent in an HTTP header)'),
    )
    expect(read(headerIdentifier(), '5f0d3c1e8a9b')).toBe('5f0d3c1e8a9b')
  })
})

describe('secret inputs', () => {
  it('a required secret refuses empty with the hint about forks and Dependabot', () => {
    expect(read(secret(true), '')).toEqual(refused(`is required but empty. ${EMPTY_SECRET_HINT}`))
    expect(EMPTY_SECRET_HINT).toMatch(/forks and by Dependabot/)
  })

  it('an optional secret may be empty', () => {
    expect(read(secret(false), '')).toBe('')
  })

  it('refuses control characters without quoting the secret', () => {
    const result = read(secret(true), 'sekret\nvalue') as { error: string }
    expect(result.error).toBe("contains control characters (such as a newline); check the secret's value")
    expect(read(secret(false), 'a\u0001')).toEqual(refused(/control characters/))
  })

  it('keeps its extra rules only when given, and never quotes it', () => {
    const notPat = secret(true, (value) => (value.startsWith('pat-') ? 'is a private-app token' : undefined))
    expect(read(notPat, '')).toEqual(refused(`is required but empty. ${EMPTY_SECRET_HINT}`))
    expect(read(notPat, 'pat-123')).toEqual(refused('is a private-app token'))
    expect(read(notPat, 'pat-\n')).toEqual(refused(/^contains control characters/))
    expect(
      read(
        secret(false, () => 'never'),
        '',
      ),
    ).toBe('')
  })

  it('a header secret is visible ASCII, and may be empty', () => {
    expect(read(headerSecret(), '')).toBe('')
    expect(read(headerSecret(), 'eyJ.abc-_')).toBe('eyJ.abc-_')
    expect(read(headerSecret(), 'eyJ abc')).toEqual(
      refused(/^must contain only visible ASCII characters, with no spaces/),
    )
    expect(read(headerSecret(), 'tökën')).toEqual(refused(/visible ASCII/))
  })
})

describe('shown and optional', () => {
  it('quotes, escapes and cuts a value', () => {
    expect(shown('a"b\n')).toBe('"a\\"b\\n"')
    expect(shown(42)).toBe('"42"')
    expect(shown('x'.repeat(81))).toBe(`"${'x'.repeat(80)}…"`)
    expect(shown('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`)
  })

  it("reads '' as undefined", () => {
    expect(optional('')).toBeUndefined()
    expect(optional('x')).toBe('x')
  })
})

describe('readInputs', () => {
  const schema = z.object({
    name: required(),
    token: secret(true),
    key: secret(false),
    mode: choice(['a', 'b'] as const, 'a'),
    count: wholeNumber(1, 9, 1, 'from 1 to 9'),
  })
  const SECRETS = ['token', 'key'] as const

  function run(inputs: Record<string, string>) {
    const masked: string[] = []
    const asked: string[] = []
    const getInput = (name: string) => {
      asked.push(name)
      return inputs[name] ?? ''
    }
    const secrets = new SecretRegistry((value) => masked.push(value))
    try {
      return { value: readInputs(schema, SECRETS, getInput, secrets), masked, asked, secrets }
    } catch (error) {
      return { error: error as ActionError, masked, asked, secrets }
    }
  }

  it('reads every input the schema names into its value', () => {
    const { value, asked } = run({ name: 'n', token: 't', mode: 'b', count: '3' })
    expect(value).toEqual({ name: 'n', token: 't', key: '', mode: 'b', count: 3 })
    expect(asked).toEqual(['token', 'key', 'name', 'token', 'key', 'mode', 'count'])
  })

  it('masks the secret inputs first, even when the inputs are invalid', () => {
    const { error, masked, secrets } = run({ token: 'tok value', key: 'k3y', mode: 'c' })
    expect(error).toBeInstanceOf(ActionError)
    expect(masked).toEqual(expect.arrayContaining(['tok value', 'tok%20value', 'k3y']))
    expect(secrets.scrub('tok value and k3y')).toBe('*** and ***')
  })

  it('reports every invalid input once, each with its first broken rule', () => {
    const { error } = run({ token: '', mode: 'c', count: 'zero' })
    expect(error!.message).toBe(
      [
        '4 inputs are invalid; no request was sent:',
        "- input 'name': is required",
        `- input 'token': is required but empty. ${EMPTY_SECRET_HINT}`,
        '- input \'mode\': must be one of a, b; got "c"',
        '- input \'count\': must be from 1 to 9; got "zero"',
      ].join('\n'),
    )
    expect(error!.facts).toEqual({
      kind: 'input',
      hint: "Fix the step's `with:` values; the README lists every input and what it accepts.",
    })
  })

  it('names one invalid input in the singular, with its first rule only', () => {
    const strict = z.object({ id: identifier().check(z.refine((value) => value.length > 5, { message: 'too short' })) })
    const error = (() => {
      try {
        readInputs(strict, [], () => 'a b', new SecretRegistry(() => undefined))
      } catch (e) {
        return e as ActionError
      }
      throw new Error('expected a failure')
    })()
    expect(error.message).toBe("An input is invalid; no request was sent:\n- input 'id': must not contain whitespace")
  })

  it("names a rule about the inputs as a whole 'inputs'", () => {
    const whole = z
      .object({ a: z.string() })
      .check(z.superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'needs b' })))
    expect(() => readInputs(whole, [], () => '', new SecretRegistry(() => undefined))).toThrow(
      "An input is invalid; no request was sent:\n- input 'inputs': needs b",
    )
  })

  it('never quotes a secret in an error', () => {
    const { error } = run({ name: 'n', token: 'sekret\u0001value' })
    expect(error!.message).not.toContain('sekret')
  })
})
