import { describe, expect, it } from 'vitest'
import { useEmulator } from '../support/use-emulator.js'
import { connectionBody, ETAG, platform } from './helpers.js'
import { startEmulator, type Emulator } from './server.js'

let emu: Emulator
useEmulator((started) => (emu = started))

const read = async (e: Emulator, id: string) => (await platform(e, 'GET', `/connections/${id}`)).json.items[0]

describe('setConnectionStateAfterReads()', () => {
  it('the next `reads` GETs show the current state, the one after the new one with a new etag', async () => {
    const seeded = emu.seedConnection({ name: 'x', state: 'initializing' })
    emu.setConnectionStateAfterReads(seeded.id, 'enabled', 2)
    const first = await read(emu, seeded.id)
    const second = await read(emu, seeded.id)
    expect([first.state, second.state]).toEqual(['initializing', 'initializing'])
    expect(second.etag).toBe(seeded.etag)
    const third = await read(emu, seeded.id)
    expect(third.state).toBe('enabled')
    expect(third.etag).toMatch(ETAG)
    expect(third.etag).not.toBe(seeded.etag)
    expect(third.version).toBe(third.etag)
    expect(third.updatedAt).toBeGreaterThan(seeded.updatedAt)
    // done: later reads change nothing
    expect((await read(emu, seeded.id)).etag).toBe(third.etag)
    expect(emu.connections()[0]!.state).toBe('enabled')
  })

  it('0 reads: the very next GET shows the new state; lists and other sandboxes do not count as reads', async () => {
    const seeded = emu.seedConnection({ name: 'x', state: 'updating' })
    emu.setConnectionStateAfterReads(seeded.id, 'enabled', 0)
    const list = await platform(emu, 'GET', '/connections')
    expect(list.json.items[0].state).toBe('updating')
    expect((await platform(emu, 'GET', `/connections/${seeded.id}`, { sandbox: 'dev' })).status).toBe(404)
    expect((await read(emu, seeded.id)).state).toBe('enabled')
  })

  it('a second call replaces the pending change; unknown ids and negative reads throw', async () => {
    const seeded = emu.seedConnection({ name: 'x', state: 'initializing' })
    emu.setConnectionStateAfterReads(seeded.id, 'enabled', 5)
    emu.setConnectionStateAfterReads(seeded.id, 'disabled', 1)
    expect((await read(emu, seeded.id)).state).toBe('initializing')
    expect((await read(emu, seeded.id)).state).toBe('disabled')
    expect(() => emu.setConnectionStateAfterReads('nope', 'enabled', 1)).toThrow(/no connection/)
    expect(() => emu.setConnectionStateAfterReads(seeded.id, 'enabled', -1)).toThrow(/reads/)
  })
})

describe('newConnections config', () => {
  it("created connections start in the given state and turn 'enabled' after N reads", async () => {
    const own = await startEmulator({ newConnections: { state: 'initializing', enabledAfterReads: 1 } })
    try {
      const created = (await platform(own, 'POST', '/connections', { body: connectionBody('slow') })).json
      expect(own.connections()[0]!.state).toBe('initializing')
      const first = await read(own, created.id)
      expect(first.state).toBe('initializing')
      expect(first.etag).toBe(created.etag)
      const second = await read(own, created.id)
      expect(second.state).toBe('enabled')
      expect(second.etag).not.toBe(created.etag)
      // seeded connections are not affected
      const seeded = own.seedConnection({ name: 'seeded' })
      expect((await read(own, seeded.id)).state).toBe('enabled')
    } finally {
      await own.close()
    }
  })

  it('without enabledAfterReads they stay in that state; bad counts are refused at start', async () => {
    const own = await startEmulator({ newConnections: { state: 'initializing' } })
    try {
      const created = (await platform(own, 'POST', '/connections', { body: connectionBody('stuck') })).json
      for (let i = 0; i < 3; i++) expect((await read(own, created.id)).state).toBe('initializing')
    } finally {
      await own.close()
    }
    await expect(startEmulator({ newConnections: { state: 'x', enabledAfterReads: -1 } })).rejects.toThrow(
      /enabledAfterReads/,
    )
  })
})
