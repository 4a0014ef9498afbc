/**
 * Runs the emulator with the DEMO credentials until SIGINT/SIGTERM:
 *
 *   npx tsx test/emulator/cli.ts                      # free ports
 *   EMULATOR_PORT=40001 npx tsx test/emulator/cli.ts  # IMS 40001, HubSpot 40002, Platform 40003
 *
 * Prints the three URLs and the non-secret demo ids; never the secrets.
 */
import { DEMO } from './demo.js'
import { BASE_PATH, startEmulator, type EmulatorConfig } from './server.js'

function portsFromEnv(): EmulatorConfig['ports'] {
  const raw = process.env.EMULATOR_PORT
  if (raw === undefined || raw === '') return undefined
  const base = Number(raw)
  if (!Number.isInteger(base) || base < 1 || base > 65533) {
    throw new Error(`EMULATOR_PORT must be an integer between 1 and 65533 (got '${raw}')`)
  }
  return { ims: base, hubspot: base + 1, platform: base + 2 }
}

async function main(): Promise<void> {
  const ports = portsFromEnv()
  const emulator = await startEmulator(ports === undefined ? {} : { ports })

  const lines = [
    `IMS       ${emulator.urls.ims}`,
    `HubSpot   ${emulator.urls.hubspot}`,
    `Platform  ${emulator.urls.platform}`,
    '',
    `Flow Service base path: ${BASE_PATH}`,
    'Demo credentials (secrets included): export DEMO in test/emulator/demo.ts',
    `  Adobe client id (x-api-key): ${DEMO.adobe.clientId}`,
    `  Adobe org id:                ${DEMO.adobe.orgId}`,
    `  Sandboxes:                   ${DEMO.adobe.sandboxes.join(', ')}`,
    `  HubSpot client id:           ${DEMO.hubspot.clientId}`,
    '',
    'Press Ctrl+C to stop.',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${signal}: closing the emulator\n`)
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
