/**
 * Runs the emulator with the DEMO credentials until SIGINT/SIGTERM:
 *
 *   npx tsx test/emulator/cli.ts                      # free ports
 *   EMULATOR_PORT=40001 npx tsx test/emulator/cli.ts  # IMS 40001, HubSpot 40002, Platform 40003
 *   npx tsx test/emulator/cli.ts --github-env         # in a GitHub Actions step (see below)
 *   npx tsx test/emulator/cli.ts --write-env .env.emulator  # the inputs, for running the action by hand
 *   npx tsx test/emulator/cli.ts --write-dataflow-env .env.dataflow  # the data-flow action's, on a
 *                                                     # base connection the emulator starts with
 *
 * Prints the three URLs and the non-secret demo ids; never the secrets.
 *
 * With `--github-env` and `GITHUB_ENV` set (a workflow step), once the listeners are up it first
 * prints `::add-mask::` commands for the three demo secrets, then appends the emulator URLs and the
 * demo credentials to the `GITHUB_ENV` file in the runner's multi-line-safe `NAME<<DELIMITER`
 * form, so that later steps of the job can read them from `env.*` (EMULATOR_IMS_URL,
 * EMULATOR_HUBSPOT_URL, EMULATOR_PLATFORM_URL, DEMO_ADOBE_CLIENT_ID, DEMO_ADOBE_CLIENT_SECRET,
 * DEMO_ADOBE_ORG_ID, DEMO_HUBSPOT_CLIENT_ID, DEMO_HUBSPOT_CLIENT_SECRET, DEMO_HUBSPOT_REFRESH_TOKEN,
 * DEMO_DATASET_ID: the demo dataset, for the data-flow action).
 * All of them are written with a single append, so a reader that sees one sees them all.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, writeFileSync } from 'node:fs'
import { DEMO } from './demo.js'
import { dataflowEnvFile, inputsEnvFile } from './env-file.js'
import { BASE_PATH, CATALOG_BASE_PATH, CONVERSION_BASE_PATH, startEmulator, type EmulatorConfig } from './server.js'

const GITHUB_ENV_FLAG = '--github-env'
const ENV_FILE_FLAG = '--write-env'
const DATAFLOW_ENV_FILE_FLAG = '--write-dataflow-env'
/** The base connection the emulator starts with when asked for the data-flow action's env file. */
const SEEDED_CONNECTION_NAME = 'HubSpot (emulator)'

interface Args {
  githubEnv: boolean
  envFile: string | undefined
  dataflowEnvFile: string | undefined
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { githubEnv: false, envFile: undefined, dataflowEnvFile: undefined }
  const files = { [ENV_FILE_FLAG]: 'envFile', [DATAFLOW_ENV_FILE_FLAG]: 'dataflowEnvFile' } as const
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === GITHUB_ENV_FLAG) {
      args.githubEnv = true
      continue
    }
    const flag = (Object.keys(files) as Array<keyof typeof files>).find((f) => arg === f || arg.startsWith(`${f}=`))
    if (flag === undefined) {
      throw new Error(
        `unknown argument '${arg}' (the options are ${GITHUB_ENV_FLAG}, ${ENV_FILE_FLAG} PATH and ${DATAFLOW_ENV_FILE_FLAG} PATH)`,
      )
    }
    const path = arg === flag ? argv[++i] : arg.slice(flag.length + 1)
    if (!path) throw new Error(`${flag} needs the path of the file to write`)
    args[files[flag]] = path
  }
  return args
}

function portsFromEnv(): EmulatorConfig['ports'] {
  const raw = process.env.EMULATOR_PORT
  if (raw === undefined || raw === '') return undefined
  const base = Number(raw)
  if (!Number.isInteger(base) || base < 1 || base > 65533) {
    throw new Error(`EMULATOR_PORT must be an integer between 1 and 65533 (got '${raw}')`)
  }
  return { ims: base, hubspot: base + 1, platform: base + 2 }
}

/** Escapes the data of a workflow command (`::name::data`) the way the runner unescapes it. */
function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** `NAME<<DELIMITER\nVALUE\nDELIMITER\n` for each variable, with one random delimiter. */
function githubEnvBlock(variables: Record<string, string>): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  let block = ''
  for (const [name, value] of Object.entries(variables)) {
    // Cannot happen with a fresh uuid, but a value containing the delimiter would end it early.
    if (name.includes(delimiter) || value.includes(delimiter)) {
      throw new Error(`the value of ${name} contains the GITHUB_ENV delimiter`)
    }
    block += `${name}<<${delimiter}\n${value}\n${delimiter}\n`
  }
  return block
}

/** Masks the demo secrets in the job log, then hands the URLs and credentials to later steps. */
function writeGithubEnv(file: string, urls: { ims: string; hubspot: string; platform: string }): void {
  const secrets = [DEMO.adobe.clientSecret, DEMO.hubspot.clientSecret, DEMO.hubspot.refreshToken]
  process.stdout.write(secrets.map((secret) => `::add-mask::${escapeCommandData(secret)}\n`).join(''))
  appendFileSync(
    file,
    githubEnvBlock({
      EMULATOR_IMS_URL: urls.ims,
      EMULATOR_HUBSPOT_URL: urls.hubspot,
      EMULATOR_PLATFORM_URL: urls.platform,
      DEMO_ADOBE_CLIENT_ID: DEMO.adobe.clientId,
      DEMO_ADOBE_CLIENT_SECRET: DEMO.adobe.clientSecret,
      DEMO_ADOBE_ORG_ID: DEMO.adobe.orgId,
      DEMO_HUBSPOT_CLIENT_ID: DEMO.hubspot.clientId,
      DEMO_HUBSPOT_CLIENT_SECRET: DEMO.hubspot.clientSecret,
      DEMO_HUBSPOT_REFRESH_TOKEN: DEMO.hubspot.refreshToken,
      DEMO_DATASET_ID: DEMO.dataset.id,
    }),
    'utf8',
  )
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const ports = portsFromEnv()
  const githubEnvFile = process.env.GITHUB_ENV
  if (args.githubEnv && (githubEnvFile === undefined || githubEnvFile === '')) {
    process.stderr.write(`${GITHUB_ENV_FLAG}: GITHUB_ENV is not set, so no variables are written\n`)
  }
  const emulator = await startEmulator(ports === undefined ? {} : { ports })

  if (args.envFile !== undefined) writeFileSync(args.envFile, inputsEnvFile(emulator.urls), { mode: 0o600 })
  let seededConnectionId: string | undefined
  if (args.dataflowEnvFile !== undefined) {
    seededConnectionId = emulator.seedConnection({ name: SEEDED_CONNECTION_NAME }).id
    writeFileSync(args.dataflowEnvFile, dataflowEnvFile(emulator.urls, seededConnectionId), { mode: 0o600 })
  }

  let wroteGithubEnv = false
  if (args.githubEnv && githubEnvFile !== undefined && githubEnvFile !== '') {
    try {
      writeGithubEnv(githubEnvFile, emulator.urls)
      wroteGithubEnv = true
    } catch (error) {
      await emulator.close()
      throw error
    }
  }

  const lines = [
    `IMS       ${emulator.urls.ims}`,
    `HubSpot   ${emulator.urls.hubspot}`,
    `Platform  ${emulator.urls.platform}`,
    '',
    `Base paths: Flow Service ${BASE_PATH}, Catalog ${CATALOG_BASE_PATH}, Data Prep ${CONVERSION_BASE_PATH}`,
    'Demo credentials (secrets included): export DEMO in test/emulator/demo.ts',
    `  Adobe client id (x-api-key): ${DEMO.adobe.clientId}`,
    `  Adobe org id:                ${DEMO.adobe.orgId}`,
    `  Sandboxes:                   ${DEMO.adobe.sandboxes.join(', ')}`,
    `  HubSpot client id:           ${DEMO.hubspot.clientId}`,
    `  Dataset (every sandbox):     ${DEMO.dataset.id}`,
    ...(args.envFile !== undefined
      ? ['', `Env file: wrote the connection action's INPUT_* variables to ${args.envFile}`]
      : []),
    ...(args.dataflowEnvFile !== undefined
      ? [
          '',
          `Env file: wrote the data-flow action's INPUT_* variables to ${args.dataflowEnvFile},`,
          `  on the base connection ${seededConnectionId} (${JSON.stringify(SEEDED_CONNECTION_NAME)}, sandbox prod)`,
        ]
      : []),
    ...(wroteGithubEnv
      ? [
          '',
          'GITHUB_ENV: wrote EMULATOR_IMS_URL, EMULATOR_HUBSPOT_URL, EMULATOR_PLATFORM_URL and DEMO_* (secrets masked)',
        ]
      : []),
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
