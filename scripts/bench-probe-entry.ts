// The probe bundle of `npm run bench` (scripts/bench-startup.ts builds it with ncc, as
// scripts/bundle.mjs builds the actions): only the dependencies every action here must load,
// @actions/core, @actions/http-client (undici and @actions/exec replaced by the same stubs,
// through tsconfig paths) and zod with one schema in use. It reads one input, parses it and fails
// on it, as the actions' start-up run does: what the actions add to start-up beyond this is ours
// to answer for.
import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
import { z } from 'zod'

const OrgId = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{24}@AdobeOrg$/, 'must be <24 hex>@AdobeOrg')
const client = new HttpClient('bench-probe', [], { keepAlive: false })
const parsed = OrgId.safeParse(core.getInput('adobe-org-id', { required: true }))
if (!parsed.success) core.setFailed(`Input adobe-org-id ${parsed.error.issues[0]?.message ?? 'is invalid'}.`)
client.dispose()
