import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  jsonProblem,
  MAPPING_FILE_MAX_BYTES,
  MAPPING_SOURCE_TYPES,
  mappingEntries,
  mappingInput,
  parseMappingJson,
  readMapping,
  readMappingFile,
  type MappingFiles,
} from '../../../../src/actions/dataflow/mapping.js'

const WORKSPACE = '/home/runner/work/repo/repo'

function filesWith(contents: Record<string, string | Error> = {}, reads: string[] = []): MappingFiles {
  return {
    workspace: WORKSPACE,
    readFile: (path) => {
      reads.push(path)
      const content = contents[path]
      if (content instanceof Error) throw content
      if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return content
    },
  }
}

function problemOf(value: string, files: MappingFiles = filesWith()): string {
  const result = readMapping(value, files)
  if (result.ok) throw new Error(`expected ${value} to be refused`)
  return result.message
}

const entry = (source: string, destination: string, extra: Record<string, unknown> = {}) => ({
  source,
  destination,
  ...extra,
})

describe('the mapping entries', () => {
  it('take the source types of Data Prep', () => {
    expect(MAPPING_SOURCE_TYPES).toEqual(['ATTRIBUTE', 'EXPRESSION'])
  })

  it('default the source type to ATTRIBUTE', () => {
    expect(parseMappingJson(JSON.stringify([entry('Added_At', '_repo.createDate')]))).toEqual({
      ok: true,
      entries: [{ source: 'Added_At', destination: '_repo.createDate', sourceType: 'ATTRIBUTE' }],
    })
  })

  it('keep the order and the source type given', () => {
    const entries = [
      { source: 'a', destination: 'x.a', sourceType: 'EXPRESSION' },
      { source: 'b', destination: 'x.b', sourceType: 'ATTRIBUTE' },
      { source: 'concat(a, " ", b)', destination: 'x.ab', sourceType: 'EXPRESSION' },
    ]
    expect(mappingEntries(entries)).toEqual({ ok: true, entries })
  })

  const invalid: { title: string; value: unknown; message: string | RegExp }[] = [
    { title: 'not an array', value: { mappings: [] }, message: 'must be a JSON array of entries; got an object' },
    { title: 'an empty array', value: [], message: 'must hold at least one entry; got []' },
    {
      title: 'an entry that is no object',
      value: [entry('a', 'b'), 'c'],
      message: 'entry 2: must be an object such as {"source": "<column>", "destination": "<xdm path>"}; got "c"',
    },
    { title: 'an entry that is null', value: [null], message: /^entry 1: must be an object .*; got null$/ },
    { title: 'an entry that is an array', value: [[]], message: /^entry 1: must be an object .*; got an array$/ },
    { title: 'a missing source', value: [{ destination: 'b' }], message: 'entry 1: source is required' },
    {
      title: 'a missing destination',
      value: [entry('a', 'b'), { source: 'c' }],
      message: 'entry 2: destination is required',
    },
    { title: 'an empty source', value: [entry('', 'b')], message: 'entry 1: source must not be empty' },
    { title: 'a blank destination', value: [entry('a', '  ')], message: 'entry 1: destination must not be empty' },
    { title: 'a numeric source', value: [entry(5 as never, 'b')], message: 'entry 1: source must be a string; got 5' },
    {
      title: 'a destination with a space',
      value: [entry('a', 'person.first name')],
      message:
        /^entry 1: destination must be an XDM path such as person\.name\.firstName, .*; got "person\.first name"$/,
    },
    {
      title: 'a destination with a control character',
      value: [entry('a', 'person\u0000name')],
      message: /^entry 1: destination must be an XDM path/,
    },
    {
      title: 'an unknown source type',
      value: [entry('a', 'b', { sourceType: 'attribute' })],
      message: 'entry 1: sourceType must be ATTRIBUTE or EXPRESSION (or left out, for ATTRIBUTE); got "attribute"',
    },
    {
      title: 'a null source type',
      value: [entry('a', 'b', { sourceType: null })],
      message: /^entry 1: sourceType must be .*; got null$/,
    },
    {
      title: 'an unknown key',
      value: [entry('a', 'b', { identity: true })],
      message: 'entry 1: has unknown key "identity"; an entry takes only source, destination and sourceType',
    },
    {
      title: 'the keys of the older mapping shape',
      value: [{ sourceAttribute: 'a', destinationXdmPath: 'b' }],
      message:
        'entry 1: source is required; entry 1: destination is required; entry 1: has unknown keys "sourceAttribute" (write source), "destinationXdmPath" (write destination); an entry takes only source, destination and sourceType',
    },
    {
      title: 'a destination twice',
      value: [entry('a', 'x.a'), entry('b', 'x.b'), entry('c', 'x.a')],
      message: 'entry 3: destination "x.a" is already the destination of entry 1; map each destination once',
    },
    {
      title: 'a destination twice, beside an invalid entry',
      value: [entry('a', 'x.a'), { destination: 'x.a' }],
      message:
        'entry 2: source is required; entry 2: destination "x.a" is already the destination of entry 1; map each destination once',
    },
    {
      title: 'a destination twice, beside an entry with a blank field (which is reported alone)',
      value: [entry('a', 'x.a'), entry('b', 'x.a'), entry(' ', 'x.b')],
      message: 'entry 3: source must not be empty',
    },
    {
      title: 'an empty string, which is also said to hold no entry',
      value: '',
      message: 'must be a JSON array of entries; got ""; must hold at least one entry; got []',
    },
    {
      title: 'many problems',
      value: Array.from({ length: 8 }, () => ({ destination: 'b' })).map((item, index) => ({
        ...item,
        destination: `x.${index}`,
      })),
      message: /^entry 1: source is required; (entry \d: source is required; ){4}and 3 more$/,
    },
  ]
  for (const { title, value, message } of invalid) {
    it(`refuse ${title}`, () => {
      const result = parseMappingJson(JSON.stringify(value))
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.message).toMatch(typeof message === 'string' ? exact(message) : message)
    })
  }

  it('compare destinations exactly, case included', () => {
    expect(parseMappingJson(JSON.stringify([entry('a', 'x.A'), entry('b', 'x.a')])).ok).toBe(true)
  })
})

function exact(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
}

describe('invalid JSON', () => {
  const cases: { title: string; text: string; message: string }[] = [
    {
      title: 'a missing value',
      text: '[{"source": "a", "destination": }]',
      message: 'is not valid JSON: unexpected character "}" at line 1, column 33',
    },
    {
      title: 'a missing comma on a later line',
      text: '[\n  {"source": "a", "destination": "b"}\n  {"source": "c", "destination": "d"}\n]',
      message: "is not valid JSON: Expected ',' or ']' after array element at line 3, column 3",
    },
    {
      title: 'a trailing comma',
      text: '[{"source": "a", "destination": "b",}]',
      message: 'is not valid JSON: Expected double-quoted property name at line 1, column 37',
    },
    {
      title: 'single quotes',
      text: "[{'source': 'a'}]",
      message: "is not valid JSON: Expected property name or '}' at line 1, column 3",
    },
    {
      title: 'a missing closing bracket',
      text: '[{"source": "a", "destination": "b"}\n',
      message: "is not valid JSON: Expected ',' or ']' after array element at line 2, column 1",
    },
    {
      title: 'an unfinished string',
      text: '[{"source": "a',
      message: 'is not valid JSON: Unterminated string at line 1, column 15',
    },
    {
      title: 'an unfinished object',
      text: '[{"source": ',
      message: 'is not valid JSON: ends before the JSON is complete (at line 1, column 13); check for a missing ] or }',
    },
    {
      title: 'a misspelt literal',
      text: '[{"source": "a", "destination": "b", "sourceType": nul}]',
      message: 'is not valid JSON: unexpected character "}" at line 1, column 55',
    },
    {
      title: 'text after the array',
      text: '[{"source": "a", "destination": "b"}] and more',
      message: 'is not valid JSON: Unexpected non-whitespace character after JSON at line 1, column 39',
    },
    {
      title: 'a control character, shown escaped',
      text: '[\u0007]',
      message: 'is not valid JSON: unexpected character "\\u0007" at line 1, column 2',
    },
  ]
  for (const { title, text, message } of cases) {
    it(`says where: ${title}`, () => {
      expect(parseMappingJson(text)).toEqual({ ok: false, message })
    })
  }

  it('never echoes the value', () => {
    const text = `[{"source": "${'s'.repeat(200)}", "destination": "secretish-${'d'.repeat(200)}" "x"}]`
    const result = parseMappingJson(text)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.message).not.toContain('secretish')
      expect(result.message).not.toContain('sss')
    }
  })

  it('says an empty file is empty', () => {
    expect(jsonProblem('', new SyntaxError('Unexpected end of JSON input'))).toBe('is empty')
  })

  it('gives a position, whatever the parser said', () => {
    expect(jsonProblem('[1, x]', new SyntaxError('something else'))).toBe('unexpected text at line 1, column 5')
    expect(jsonProblem('[1, x]', 'not an error')).toBe('unexpected text at line 1, column 5')
  })
})

describe('readMapping', () => {
  it('takes the value as JSON when it starts with [, after whitespace', () => {
    const reads: string[] = []
    const result = readMapping('\n  [{"source": "a", "destination": "b"}]', filesWith({}, reads))
    expect(result).toEqual({ ok: true, entries: [{ source: 'a', destination: 'b', sourceType: 'ATTRIBUTE' }] })
    expect(reads).toEqual([])
  })

  it('reads any other value as a file in the workspace', () => {
    const reads: string[] = []
    const files = filesWith({ [`${WORKSPACE}/mappings/contacts.json`]: '[{"source": "a", "destination": "b"}]' }, reads)
    for (const path of ['mappings/contacts.json', './mappings/contacts.json', 'mappings/x/../contacts.json']) {
      expect(readMapping(path, files).ok, path).toBe(true)
    }
    expect(new Set(reads)).toEqual(new Set([`${WORKSPACE}/mappings/contacts.json`]))
  })

  it('skips a byte order mark at the start of the file', () => {
    const files = filesWith({ [`${WORKSPACE}/m.json`]: '\uFEFF[{"source": "a", "destination": "b"}]' })
    expect(readMapping('m.json', files).ok).toBe(true)
  })

  const refused: { title: string; value: string; files?: MappingFiles; message: string | RegExp }[] = [
    { title: 'an empty value', value: '', message: 'is required' },
    { title: 'blank space', value: '  \n ', message: 'is required' },
    {
      title: 'an absolute path',
      value: '/etc/passwd',
      message:
        'must be JSON or a path relative to the workspace (GITHUB_WORKSPACE), not an absolute path; got "/etc/passwd"',
    },
    {
      title: 'a Windows absolute path',
      value: 'C:\\mapping.json',
      message: /not an absolute path; got "C:\\\\mapping\.json"$/,
    },
    {
      title: 'a path that leaves the workspace',
      value: '../other/mapping.json',
      message: 'must name a file inside the workspace (GITHUB_WORKSPACE); "../other/mapping.json" leaves it through ..',
    },
    {
      title: 'a path that leaves it later',
      value: 'a/../../mapping.json',
      message: /"a\/\.\.\/\.\.\/mapping\.json" leaves it/,
    },
    { title: 'the parent folder', value: '..', message: /"\.\." leaves it through \.\.$/ },
    { title: 'the workspace itself', value: '.', message: /"\." is the workspace itself$/ },
    {
      title: 'one object, not an array',
      value: '{"source": "a", "destination": "b"}',
      message:
        'starts with {: it must be a JSON array of entries, so wrap the entries in [ and ] (or give a file path)',
    },
    {
      title: 'a multi-line value that is not JSON',
      value: 'source: a\ndestination: b',
      message:
        'is neither JSON (it does not start with [) nor a file path (it contains control characters such as newlines)',
    },
    {
      title: 'a path with no workspace',
      value: 'mapping.json',
      files: { workspace: '', readFile: () => '[]' },
      message:
        'is read as a file path (it does not start with [), but there is no workspace (GITHUB_WORKSPACE is not set) to find "mapping.json" in; give the JSON itself',
    },
    {
      title: 'a missing file',
      value: 'mappings/contacts.json',
      message:
        'names the file "mappings/contacts.json", which does not exist in the workspace (GITHUB_WORKSPACE); the value is read as a path because it does not start with [. Check the path, and that the repository is checked out (actions/checkout) before this step',
    },
    {
      title: 'a path through a file',
      value: 'm.json/x',
      files: filesWith({ [`${WORKSPACE}/m.json/x`]: Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' }) }),
      message: /^names the file "m\.json\/x", which does not exist/,
    },
    {
      title: 'a folder',
      value: 'mappings',
      files: filesWith({ [`${WORKSPACE}/mappings`]: Object.assign(new Error('EISDIR'), { code: 'EISDIR' }) }),
      message: 'names "mappings", which is a folder, not a file',
    },
    {
      title: 'an unreadable file',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: Object.assign(new Error('EACCES'), { code: 'EACCES' }) }),
      message: 'file "m.json" cannot be read: permission denied',
    },
    {
      title: 'a file that fails otherwise',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: Object.assign(new Error('EIO'), { code: 'EIO' }) }),
      message: 'file "m.json" cannot be read (EIO)',
    },
    {
      title: 'a file that fails without a code',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: new Error('odd') }),
      message: 'file "m.json" cannot be read (unknown error)',
    },
    {
      title: 'a file too large for the reader',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: Object.assign(new Error('EFBIG'), { code: 'EFBIG' }) }),
      message: 'file "m.json" is larger than 1048576 bytes (1 MB); a mapping file is a few kilobytes',
    },
    {
      title: 'a file too large, read anyway',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: `[${' '.repeat(MAPPING_FILE_MAX_BYTES)}]` }),
      message: /^file "m\.json" is larger than 1048576 bytes/,
    },
    {
      title: 'an empty file',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: '' }),
      message: 'file "m.json": is not valid JSON: is empty',
    },
    {
      title: 'a file of invalid JSON',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: '[\n  {"source": "a", "destination": "b"},\n]\n' }),
      message: 'file "m.json": is not valid JSON: unexpected character "]" at line 3, column 1',
    },
    {
      title: 'a file with an object',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: '{"mappings": []}' }),
      message: 'file "m.json": must be a JSON array of entries; got an object',
    },
    {
      title: 'a file with an invalid entry',
      value: 'm.json',
      files: filesWith({ [`${WORKSPACE}/m.json`]: '[{"source": "a", "destination": "b"}, {"source": "a"}]' }),
      message: 'file "m.json": entry 2: destination is required',
    },
  ]
  for (const { title, value, files, message } of refused) {
    it(`refuses ${title}`, () => {
      expect(problemOf(value, files)).toMatch(typeof message === 'string' ? exact(message) : message)
    })
  }
})

describe('mappingInput', () => {
  it('gives the entries, or one issue with the whole problem', () => {
    const schema = mappingInput(filesWith())
    expect(schema.parse('[{"source": "a", "destination": "b"}]')).toEqual([
      { source: 'a', destination: 'b', sourceType: 'ATTRIBUTE' },
    ])
    const parsed = schema.safeParse('[{"source": "a"}, {"destination": "b"}]')
    expect(parsed.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [[], 'entry 1: destination is required; entry 2: source is required'],
    ])
  })
})

describe('readMappingFile', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mapping-'))
    mkdirSync(join(dir, 'mappings'))
    writeFileSync(join(dir, 'mappings', 'contacts.json'), '[{"source": "Added_At", "destination": "_repo.createDate"}]')
    writeFileSync(join(dir, 'big.json'), Buffer.alloc(MAPPING_FILE_MAX_BYTES + 1, ' '))
    writeFileSync(join(dir, 'limit.json'), `[{"source": "a", "destination": "b"}]`.padEnd(MAPPING_FILE_MAX_BYTES, ' '))
    symlinkSync(join(dir, 'mappings', 'contacts.json'), join(dir, 'link.json'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const files = () => ({ workspace: dir, readFile: readMappingFile })

  it('reads a file of the workspace', () => {
    expect(readMapping('mappings/contacts.json', files())).toEqual({
      ok: true,
      entries: [{ source: 'Added_At', destination: '_repo.createDate', sourceType: 'ATTRIBUTE' }],
    })
  })

  it('reads a file of exactly the largest size, and follows a symbolic link', () => {
    expect(readMapping('limit.json', files()).ok).toBe(true)
    expect(readMapping('link.json', files()).ok).toBe(true)
  })

  it('refuses a larger file without reading it, a folder, and a missing file', () => {
    expect(problemOf('big.json', files())).toMatch(/^file "big\.json" is larger than 1048576 bytes/)
    expect(problemOf('mappings', files())).toBe('names "mappings", which is a folder, not a file')
    expect(problemOf('mappings/deals.json', files())).toMatch(/^names the file "mappings\/deals\.json", which does not/)
  })
})
