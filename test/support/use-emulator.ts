import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startEmulator, type Emulator, type EmulatorConfig } from '../emulator/server.js'

/**
 * One emulator for the test file: started before its tests, reset before each, closed after
 * them. `started` receives it: `let emulator: Emulator; useEmulator((e) => (emulator = e))`.
 */
export function useEmulator(started: (emulator: Emulator) => void, config?: EmulatorConfig): void {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator(config)
    started(emulator)
  })
  afterAll(async () => {
    await emulator?.close()
  })
  beforeEach(() => {
    emulator?.reset()
  })
}
