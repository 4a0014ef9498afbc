import { beforeEach, describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { http, platform, platformHeaders } from './helpers.js'
import { BASE_PATH, HUBSPOT_CONNECTION_SPEC_ID, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started), { pageSize: 4 })

type Item = { id: string; name: string; createdAt: number }
const names = (res: { json: { items: Item[] } }) => res.json.items.map((i) => i.name)
/** `GET /connections?<raw query>` with the query string passed through untouched. */
const list = (rawQuery: string, sandbox?: string) =>
  platform(emu, 'GET', `/connections?${rawQuery}`, sandbox ? { sandbox } : {})
const prop = (expr: string) => `property=${encodeURIComponent(expr)}`

describe('property filters', () => {
  // Contains a comma, '&', '=', '%', double quotes, spaces and non-ASCII.
  const tricky = 'HubSpot "EU",Acme & Co = 50% café'

  beforeEach(() => {
    emu.seedConnection({ name: tricky })
    emu.seedConnection({ name: 'HubSpot "EU"' })
    emu.seedConnection({ name: 'Acme & Co = 50% café', description: 'Test description', state: 'disabled' })
    emu.seedConnection({ name: 'Other', connectionSpecId: '00000000-0000-0000-0000-000000000000' })
  })

  it('a comma always separates OR-ed values, so a name containing one cannot be matched exactly', async () => {
    const res = await list(prop(`name==${tricky}`))
    expect(res.status).toBe(200)
    expect(names(res)).toEqual(['HubSpot "EU"', 'Acme & Co = 50% café'])
    // Surrounding quotes do not protect the comma either.
    const quoted = await list(prop(`name=="${tricky}"`))
    expect(names(quoted)).not.toContain(tricky)
  })

  it('matches a name with &, =, %, quotes, spaces and é exactly, however the value is encoded', async () => {
    const name = 'Acme & Co = 50% café'
    expect(names(await list(prop(`name==${name}`)))).toEqual([name]) // spaces as %20
    expect(names(await list(new URLSearchParams({ property: `name==${name}` }).toString()))).toEqual([name]) // spaces as '+'
    expect(names(await list(prop(`name=="${name}"`)))).toEqual([name]) // surrounding quotes stripped
    expect(names(await list(prop('name==HubSpot "EU"')))).toEqual(['HubSpot "EU"']) // inner quotes kept
  })

  it('several property params are AND-ed; != excludes; nested connectionSpec.id works', async () => {
    const and = await list(
      `${prop('name==HubSpot "EU",Other')}&${prop(`connectionSpec.id==${HUBSPOT_CONNECTION_SPEC_ID}`)}`,
    )
    expect(names(and)).toEqual(['HubSpot "EU"'])
    const notDisabled = await list(prop('state!=disabled'))
    expect(names(notDisabled)).toEqual([tricky, 'HubSpot "EU"', 'Other'])
    const noneOf = await list(prop('name!=Other,HubSpot "EU"'))
    expect(names(noneOf)).toEqual([tricky, 'Acme & Co = 50% café'])
    const description = await list('property=description==Test%20description')
    expect(names(description)).toEqual(['Acme & Co = 50% café'])
    const byId = emu.connections()[1]!.id
    expect(names(await list(prop(`id==${byId}`)))).toEqual(['HubSpot "EU"'])
  })

  it('range operators on createdAt/updatedAt', async () => {
    const [, second, third] = emu.connections()
    expect(names(await list(prop(`createdAt>=${second!.createdAt}`)))).toHaveLength(3)
    expect(names(await list(prop(`createdAt>${second!.createdAt}`)))).toHaveLength(2)
    expect(
      names(await list(`${prop(`createdAt>=${second!.createdAt}`)}&${prop(`createdAt<=${third!.createdAt}`)}`)),
    ).toEqual(['HubSpot "EU"', 'Acme & Co = 50% café'])
    expect(names(await list(prop(`updatedAt<${second!.createdAt}`)))).toEqual([tricky])
  })

  it.each([
    ['name.first==x', '1449'],
    ['createdBy==someone', '1449'],
    ['name!>x', '1450'],
    ['name=x', '1450'],
    ['name>=x', '1448'],
    ['createdAt<=1,2', '1443'],
    ['createdAt==yesterday', '1452'],
    ['createdAt==', '1453'],
  ])('rejects %s with FLOW-%s-400', async (expr, code) => {
    const res = await list(prop(expr))
    expect(res.status).toBe(400)
    expect(res.json.type).toBe(`https://ns.adobe.com/aep/errors/FLOW-${code}-400`)
    expect(res.json.report['request-id']).toBe(res.headers.get('x-request-id'))
  })
})

describe('orderby, count and parameters', () => {
  beforeEach(() => {
    for (const name of ['bravo', 'alpha', 'charlie']) emu.seedConnection({ name })
  })

  it('defaults to createdAt ascending; name, +name, -name, -createdAt', async () => {
    expect(names(await list(''))).toEqual(['bravo', 'alpha', 'charlie'])
    expect(names(await list('orderby=name'))).toEqual(['alpha', 'bravo', 'charlie'])
    expect(names(await list('orderby=%2Bname'))).toEqual(['alpha', 'bravo', 'charlie'])
    expect(names(await list('orderby=+name'))).toEqual(['alpha', 'bravo', 'charlie']) // raw '+' decodes to a space
    expect(names(await list('orderby=-name'))).toEqual(['charlie', 'bravo', 'alpha'])
    expect(names(await list('orderby=-createdAt'))).toEqual(['charlie', 'alpha', 'bravo'])
    const bad = await list('orderby=colour')
    expect(bad.json.type).toContain('FLOW-1433-400')
  })

  it('count=true returns only {"count": N}; with limit it is FLOW-1401-400', async () => {
    const count = await list(`count=true&${prop('name==alpha,bravo')}`)
    expect(count.json).toEqual({ count: 2 })
    const both = await list('count=true&limit=1')
    expect(both.status).toBe(400)
    expect(both.json.type).toBe('https://ns.adobe.com/aep/errors/FLOW-1401-400')
  })

  it('rejects unknown parameters and bad limits', async () => {
    const unknown = await list('offset=2')
    expect(unknown.status).toBe(400)
    expect(unknown.json.type).toContain('FLOW-1451-400')
    for (const limit of ['0', '-1', 'ten', '1.5']) {
      const res = await list(`limit=${limit}`)
      expect(res.status).toBe(400)
      expect(res.json.type).toContain('FLOW-1452-400')
    }
  })
})

describe('pagination', () => {
  const follow = (href: string, sandbox?: string) =>
    http(`${emu.urls.platform}${BASE_PATH}${href}`, { headers: platformHeaders(emu, sandbox) })

  it('follows _links.next.href across three pages; the href carries only the continuation token', async () => {
    for (let i = 1; i <= 8; i++) emu.seedConnection({ name: `conn-${i}`, state: i === 4 ? 'disabled' : 'enabled' })
    // Filter and order must survive in the token: 7 enabled connections, descending, 3 per page.
    const pages: string[][] = []
    let res = await list(`${prop('state==enabled')}&orderby=-name&limit=3`)
    pages.push(names(res))
    while (res.json._links?.next?.href) {
      const href: string = res.json._links.next.href
      expect(href).toMatch(/^\/connections\?continuationToken=[^&]+$/)
      res = await follow(href)
      expect(res.status).toBe(200)
      pages.push(names(res))
    }
    expect(pages).toEqual([['conn-8', 'conn-7', 'conn-6'], ['conn-5', 'conn-3', 'conn-2'], ['conn-1']])
    expect(res.json._links).toBeUndefined()
  })

  it('uses the configured pageSize when no limit is given and no _links when everything fits', async () => {
    for (let i = 1; i <= 5; i++) emu.seedConnection({ name: `c${i}` })
    const first = await list('')
    expect(first.json.items).toHaveLength(4)
    const second = await follow(first.json._links.next.href)
    expect(names(second)).toEqual(['c5'])
    expect(second.json._links).toBeUndefined()
    emu.reset()
    emu.seedConnection({ name: 'only' })
    expect((await list('')).json).not.toHaveProperty('_links')
  })

  it('rejects a garbled continuation token, and one from another sandbox, with a FLOW 400', async () => {
    for (let i = 1; i <= 5; i++) emu.seedConnection({ name: `c${i}` })
    const href: string = (await list('limit=2')).json._links.next.href
    const token = href.split('=')[1]!
    const garbled = await follow(`/connections?continuationToken=${token.slice(0, -2)}xx`)
    expect(garbled.status).toBe(400)
    expect(garbled.json.type).toMatch(/FLOW-\d{4}-400$/)
    const otherSandbox = await follow(href, 'dev')
    expect(otherSandbox.status).toBe(400)
  })

  it('the href is relative to the base path: resolving it against the host alone is a 404', async () => {
    for (let i = 1; i <= 5; i++) emu.seedConnection({ name: `c${i}` })
    const href: string = (await list('limit=2')).json._links.next.href
    const wrong = await http(new URL(href, emu.urls.platform).toString(), { headers: platformHeaders(emu) })
    expect(wrong.status).toBe(404)
  })
})
