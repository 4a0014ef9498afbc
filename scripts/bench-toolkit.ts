// What every action here must do at start-up with its mandated dependencies, and nothing more:
// load @actions/core, @actions/http-client (undici and @actions/exec replaced by the same stubs,
// through tsconfig paths) and zod, read one input and check it with one schema. The probe bundle
// (scripts/bench-probe-entry.ts) stops there; the toolkit client (scripts/bench-toolkit-client-entry.ts)
// goes on to the floor's calls.
import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
import { z } from 'zod'

const OrgId = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{24}@AdobeOrg$/, 'must be <24 hex>@AdobeOrg')

/** Reads and checks adobe-org-id as an action would; fails the step and returns false when it is invalid. */
export function toolkitStartup(): boolean {
  const client = new HttpClient('bench-probe', [], { keepAlive: false })
  const parsed = OrgId.safeParse(core.getInput('adobe-org-id', { required: true }))
  client.dispose()
  if (!parsed.success) core.setFailed(`Input adobe-org-id ${parsed.error.issues[0]?.message ?? 'is invalid'}.`)
  return parsed.success
}
