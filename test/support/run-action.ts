import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DIST_ENTRY = join(ROOT, 'dist', 'index.js')
export const DATAFLOW_DIST_ENTRY = join(ROOT, 'dist', 'dataflow', 'index.js')

/** The actions of this repository, each with its bundle and its action.yml. */
export type ActionName = 'connection' | 'dataflow'

export const ACTIONS: Record<ActionName, { entry: string; actionYml: string }> = {
  connection: { entry: DIST_ENTRY, actionYml: join(ROOT, 'action.yml') },
  dataflow: { entry: DATAFLOW_DIST_ENTRY, actionYml: join(ROOT, 'dataflow', 'action.yml') },
}

export interface ActionYaml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

/** The connection action's action.yml (at the root of the repository). */
export function readActionYaml(): ActionYaml {
  return readActionYamlOf('connection')
}

/** dataflow/action.yml, the data-flow action's. */
export function readDataflowActionYaml(): ActionYaml {
  return readActionYamlOf('dataflow')
}

export function readActionYamlOf(action: ActionName): ActionYaml {
  return parse(readFileSync(ACTIONS[action].actionYml, 'utf8')) as ActionYaml
}

export interface ActionRun {
  exitCode: number | null
  /** What the runner would show: stdout and stderr, in the order they came. */
  log: string
  outputs: Record<string, string>
  summary: string
  /** The raw GITHUB_OUTPUT file. */
  outputFile: string
  /** The other files the runner reads back: GITHUB_ENV, GITHUB_STATE, GITHUB_PATH. */
  envFiles: Record<string, string>
  durationMs: number
}

export interface RunOptions {
  /** Which action's bundle runs, with its action.yml defaults (default: connection, dist/index.js). */
  action?: ActionName
  /**
   * GITHUB_WORKSPACE: a directory to use as is, or files (relative path → content) to write into
   * a fresh temporary workspace, removed after the run. Not set when absent.
   */
  workspace?: string | Record<string, string>
  /** Extra environment, e.g. RUNNER_DEBUG=1 or HTTPS_PROXY. */
  env?: Record<string, string>
  /** The Node binary to run the action with (default: ACTION_NODE, else the one running the tests). */
  node?: string
  /** Kill the action after this long (default 60 s); a test fails rather than hangs. */
  killAfterMs?: number
}

/**
 * Runs a built bundle (dist/index.js, or dist/dataflow/index.js with `action: 'dataflow'`) as the
 * GitHub runner does: each input as INPUT_<NAME UPPERCASED> with hyphens kept, that action.yml's
 * defaults for inputs not given, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE
 * when given, and an otherwise minimal environment.
 */
export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const workDir = mkdtempSync(join(tmpdir(), 'action-run-'))
  const outputPath = join(workDir, 'output')
  const summaryPath = join(workDir, 'summary')
  const envFilePaths = {
    GITHUB_ENV: join(workDir, 'env'),
    GITHUB_STATE: join(workDir, 'state'),
    GITHUB_PATH: join(workDir, 'path'),
  }
  for (const path of [outputPath, summaryPath, ...Object.values(envFilePaths)]) writeFileSync(path, '')
  const action = ACTIONS[options.action ?? 'connection']
  const workspace = workspaceDirectory(options.workspace, workDir)

  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: workDir,
    RUNNER_TEMP: workDir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    ...envFilePaths,
    ...(workspace === undefined ? {} : { GITHUB_WORKSPACE: workspace }),
  }
  Object.assign(env, inputEnvironment(inputs, options.action), options.env)

  const started = Date.now()
  try {
    const { exitCode, log } = await spawnAndCollect(
      options.node ?? actionNode(),
      [action.entry],
      env,
      options.killAfterMs ?? 60_000,
    )
    const outputFile = readFileSync(outputPath, 'utf8')
    return {
      exitCode,
      log,
      outputs: parseOutputFile(outputFile),
      summary: readFileSync(summaryPath, 'utf8'),
      outputFile,
      envFiles: Object.fromEntries(
        Object.entries(envFilePaths).map(([name, path]) => [name, readFileSync(path, 'utf8')]),
      ),
      durationMs: Date.now() - started,
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** The workspace directory of a run: as given, or a fresh one under `workDir` holding `files`. */
function workspaceDirectory(workspace: RunOptions['workspace'], workDir: string): string | undefined {
  if (workspace === undefined || typeof workspace === 'string') return workspace
  const dir = join(workDir, 'workspace')
  mkdirSync(dir)
  for (const [path, content] of Object.entries(workspace)) {
    const file = join(dir, path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  return dir
}

/**
 * The INPUT_* variables the runner sets for a step of `action` (default connection): its
 * action.yml default of every input not given, and the given ones, each as
 * INPUT_<NAME UPPERCASED> with hyphens kept.
 */
export function inputEnvironment(
  inputs: Record<string, string>,
  action: ActionName = 'connection',
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(readActionYamlOf(action).inputs)) {
    if (spec.default !== undefined) env[inputVariable(name)] = String(spec.default)
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  return env
}

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function spawnAndCollect(
  command: string,
  args: string[],
  env: Record<string, string>,
  killAfterMs: number,
): Promise<{ exitCode: number | null; log: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolvePromise({ exitCode, log })
    })
  })
}

/** Reads the runner's `name<<DELIMITER\nvalue\nDELIMITER` file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = lines[i]?.match(/^([^<=]+)<<(.+)$/)
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name as string] = value.join('\n')
  }
  return outputs
}

/**
 * The Node that runs the action: ACTION_NODE when set (`npm run test:node24` points it at Node 24,
 * the runtime action.yml names), else the Node running the tests.
 */
export function actionNode(): string {
  const configured = process.env['ACTION_NODE']
  return configured ? resolve(ROOT, configured) : process.execPath
}
