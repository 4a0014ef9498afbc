import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/server.js'
import { holdUntil, type Target } from '../support/faults.js'
import { logGroups } from '../support/runner-log.js'
import { useEmulator } from '../support/use-emulator.js'
import {
  CREATE_GROUPS,
  CREATES,
  ONE_OF_EACH,
  SOURCE_CONNECTIONS_PATH,
  VALIDATE_PATH,
  counts,
  flowInputs,
  runFlow,
  seedBase,
  writeLines,
} from './dataflow-fixtures.js'

// The data-flow action writes the source connection, the target connection and the mapping set at
// the same time, and looks for their leftovers while Data Prep validates the mapping. These tests
// hold one answer until another request has been answered: a step that made the calls one after
// the other would wait until its deadline, so passing proves the overlap.

let emulator: Emulator
useEmulator((started) => (emulator = started))

const validate: Target = { service: 'platform', method: 'POST', path: VALIDATE_PATH }
const sourceLookup: Target = { service: 'platform', method: 'GET', path: SOURCE_CONNECTIONS_PATH }
const inputs = (base: { id: string }) => ({ ...flowInputs(emulator, base), 'timeout-seconds': '20' })

describe('the chain written at the same time', () => {
  it('writes the source connection, target connection and mapping set together, and prints them in order', async () => {
    const base = seedBase(emulator)
    // The source waits for the target's answer, the target for the mapping set's.
    emulator.injectFault(holdUntil(CREATES['source connection'], CREATES['target connection']))
    emulator.injectFault(holdUntil(CREATES['target connection'], CREATES['mapping set']))
    const result = await runFlow(emulator, inputs(base))

    expect(result.exitCode, result.log).toBe(0)
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    const groups = logGroups(result.log)
    expect(groups.map((group) => group.title)).toEqual(CREATE_GROUPS)
    const [source, target, mapping] = groups.slice(3, 6)
    expect(source!.lines).toEqual([`Created source connection ${emulator.sourceConnections()[0]!.id}.`])
    expect(target!.lines).toEqual([`Created target connection ${emulator.targetConnections()[0]!.id}.`])
    expect(mapping!.lines).toEqual([expect.stringMatching(/^Created mapping set \w+ \(version 0\)\.$/)])
    // Each was sent once: none timed out and went again.
    expect(writeLines(emulator).filter((line) => line.startsWith('POST'))).toHaveLength(4)
  })

  it('looks for leftovers while Data Prep validates', async () => {
    const base = seedBase(emulator)
    // Data Prep answers only once the look-up of source connections has.
    emulator.injectFault(holdUntil(validate, sourceLookup))
    const result = await runFlow(emulator, inputs(base))

    expect(result.exitCode, result.log).toBe(0)
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    // Asked once: the validation did not time out and go again.
    expect(emulator.requests.filter((request) => request.path === VALIDATE_PATH)).toHaveLength(1)
  })

  it('writes nothing when the validation fails after the look-ups have ended', async () => {
    const base = seedBase(emulator)
    emulator.injectFault(holdUntil(validate, sourceLookup, { status: 400 }))
    const result = await runFlow(emulator, inputs(base))

    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::Data Prep/)
    expect(writeLines(emulator).filter((line) => !line.includes('/validate'))).toEqual([])
    expect(counts(emulator)).toEqual({ sourceConnections: 0, targetConnections: 0, mappingSets: 0, flows: 0 })
    // The failure is the log's last word.
    expect(result.log.slice(result.log.indexOf('::error::'))).not.toMatch(/::group::/)
  })
})

describe('a refused Adobe token, with reads at the same time', () => {
  it('mints one new token for the reads Platform refused together, and each goes on with it', async () => {
    const base = seedBase(emulator)
    const stale = emulator.issueAdobeToken()
    emulator.expireAdobeTokens()
    const result = await runFlow(emulator, { ...inputs(base), 'adobe-access-token': stale })

    expect(result.exitCode, result.log).toBe(0)
    expect(counts(emulator)).toEqual(ONE_OF_EACH)
    expect(emulator.requests.filter((request) => request.service === 'ims')).toHaveLength(1)
    expect(result.log.match(/rejected the given IMS access token; minting a new one/g)).toHaveLength(1)
    // The four reads were each refused once, then sent again with the new token.
    expect(emulator.requests.filter((request) => request.status === 401)).toHaveLength(4)
  })
})
