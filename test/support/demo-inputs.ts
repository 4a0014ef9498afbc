import { demoConnectionInputs } from '../emulator/env-file.js'
import type { Emulator } from '../emulator/server.js'

/** The inputs of a working step against the emulator: the demo credentials, tokens minted by the step. */
export function demoInputs(urls: Emulator['urls'], overrides: Record<string, string> = {}): Record<string, string> {
  return { ...demoConnectionInputs(urls), ...overrides }
}
