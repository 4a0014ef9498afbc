import * as z from '../../core/zod.js'
import { FlowServiceClient, type Resource, type WriteResult } from '../../adobe/flow-service/client.js'
import { decide, decisionFailure, describeMatches, resultOf, type Decision } from '../../adobe/flow-service/decide.js'
import { FlowResources } from '../../adobe/flow-service/ensure-one.js'
import { adobeTokens, platformContext } from '../../adobe/ims-token.js'
import { ActionError } from '../../core/errors.js'
import { lazily } from '../../core/lazily.js'
import type { StepContext } from '../../core/step.js'
import { HubSpotOAuthClient } from '../../hubspot/oauth.js'
import {
  baseConnectionBody,
  HUBSPOT_BASE_CONNECTIONS,
  proveHubSpotCredentials,
  type HubSpotAuthParams,
} from '../../hubspot/source.js'
import type { Config } from './inputs.js'
import { setConnectionOutputs, setStateOutput, writeSummary, type Outcome } from './report.js'

/** States a connection passes through on its way to enabled (Flow Service's error catalog). */
const TRANSITIONAL_STATES = new Set(['initializing', 'updating', 'enabled-finalizing'])
/** How long verification waits for a connection in such a state to settle, within the deadline. */
const SETTLE_WINDOW_MS = 60_000
const ExploredObjects = lazily(() => z.array(z.unknown()))

/**
 * The connection action, phase by phase: tokens, HubSpot credentials, lookup, decision, write,
 * verification, report. Each phase is a log group with one line that says what was done. The
 * first three run at the same time (the lookup as soon as the Adobe token is there), their groups
 * printed in this order; nothing is written before the HubSpot credentials are proven.
 */
export async function connectHubSpot(
  config: Config,
  { io, secrets, sender, retrier, preconnect }: StepContext,
): Promise<void> {
  const log = (line: string) => io.info(line)
  // Flow Service's connection opens while IMS mints the token its first call needs.
  preconnect(config.urls.platform)
  const adobeToken = adobeTokens(config.adobe, config.urls.ims, { sender, secrets }, log)
  const oauth = new HubSpotOAuthClient(sender, secrets, config.urls.hubspot, {
    clientId: config.hubspot.clientId,
    clientSecret: config.hubspot.clientSecret,
  })
  const flowService = new FlowServiceClient(
    sender,
    secrets,
    platformContext(config.adobe, config.urls.platform, config.sandboxName, adobeToken),
  )
  const resources = new FlowResources(flowService, log)

  const tokenReady = io.group('Adobe IMS access token', async () => log(await adobeToken.prepare()))
  const proven = io.group('HubSpot credentials', () => proveHubSpotCredentials(oauth, config.hubspot, log))
  const found = io.group('Existing connections', async () => {
    await tokenReady
    const named = await resources.findNamed(HUBSPOT_BASE_CONNECTIONS, config.connectionName)
    log(describeMatches(lookupOf(config), named))
    return named
  })
  // Awaited in this order, whichever ends first: a failed token explains a failed lookup.
  await tokenReady
  const hubspotParams = await proven
  const matches = await found
  const decision = decide(config.ifExists, matches)
  if (decision.action === 'fail') throw decisionFailure(decision, lookupOf(config), DECISION_HINTS)

  const base = { connectionName: config.connectionName, sandboxName: config.sandboxName }
  if (config.dryRun) {
    const existing = decision.action === 'create' ? undefined : decision.existing
    log(
      `Dry run: would ${decision.action} ${existing ? `connection ${existing.id}` : 'a connection'}; nothing was written.`,
    )
    const planned: Outcome = {
      ...base,
      result: `would-${decision.action}`,
      connectionId: existing?.id ?? '',
      etag: existing?.etag ?? '',
      connectionState: '',
    }
    setConnectionOutputs(io, planned)
    setStateOutput(io, '')
    await writeSummary(io, planned)
    return
  }

  const knownIds = new Set(matches.map((match) => match.id))
  const written = await io.group(writeGroupTitle(decision), () =>
    write(decision, { resources, log, knownIds }, config, hubspotParams),
  )
  const result = resultOf(decision)
  setConnectionOutputs(io, { result, connectionId: written.id, etag: written.etag })
  const verified = await io.group('Verification', () => verify(flowService, retrier, written, config, log))
  setStateOutput(io, verified.connectionState)
  // Settling can change the etag; later steps need the current one.
  if (verified.etag !== written.etag)
    setConnectionOutputs(io, { result, connectionId: written.id, etag: verified.etag })
  await writeSummary(io, { ...base, result, connectionId: written.id, ...verified })
}

const lookupOf = (config: Config) => ({
  noun: 'HubSpot connection',
  name: config.connectionName,
  sandboxName: config.sandboxName,
})

const DECISION_HINTS = {
  exists:
    'if-exists is "fail". Use if-exists: reuse to use it, update to rotate its credentials, or choose another connection-name.',
  ambiguous:
    'Delete or rename the extra connections in Experience Platform (Sources > Accounts), or use if-exists: create to add yet another.',
}

type WriteDecision = Exclude<Decision<Resource>, { action: 'fail' }>

function writeGroupTitle(decision: WriteDecision): string {
  return { create: 'Create connection', reuse: 'Reuse connection', update: 'Update connection' }[decision.action]
}

interface WriteContext {
  resources: FlowResources
  log: (line: string) => void
  /** The connections of that name that existed before this run. */
  knownIds: ReadonlySet<string>
}

async function write(
  decision: WriteDecision,
  { resources, log, knownIds }: WriteContext,
  config: Config,
  params: HubSpotAuthParams,
): Promise<WriteResult> {
  switch (decision.action) {
    case 'reuse':
      log(`Reusing connection ${decision.existing.id}; nothing was written.`)
      return { id: decision.existing.id, etag: decision.existing.etag }
    case 'update': {
      const updated = await resources.update(HUBSPOT_BASE_CONNECTIONS, decision.existing, [
        { op: 'replace', path: '/auth/params', value: params },
        ...(config.connectionDescription !== undefined
          ? [{ op: 'replace' as const, path: '/description', value: config.connectionDescription }]
          : []),
      ])
      log(
        `Updated the HubSpot credentials${config.connectionDescription !== undefined ? ' and description' : ''} of connection ${updated.id}.`,
      )
      return updated
    }
    case 'create': {
      const body = baseConnectionBody(config.connectionName, config.connectionDescription, params)
      const created = await resources.createOnce(HUBSPOT_BASE_CONNECTIONS, config.connectionName, body, knownIds)
      if (!created.adopted) log(`Created connection ${created.value.id}.`)
      return created.value
    }
  }
}

async function verify(
  flowService: FlowServiceClient,
  retrier: StepContext['retrier'],
  written: WriteResult,
  config: Config,
  log: (line: string) => void,
): Promise<Pick<Outcome, 'etag' | 'connectionState' | 'exploredObjects'>> {
  if (config.verify === 'none') {
    log('Not verified (verify: none).')
    return { etag: written.etag, connectionState: '' }
  }
  const connection = await retrier.poll(
    `reading connection ${written.id}`,
    () => flowService.get('connections', written.id),
    (read) => !TRANSITIONAL_STATES.has(read.state ?? ''),
    SETTLE_WINDOW_MS,
    (read, wait) => `Connection ${written.id} is ${read.state}; reading it again in ${(wait / 1000).toFixed(1)} s.`,
  )
  const state = connection.state ?? ''
  if (state !== 'enabled') {
    throw new ActionError(`connection ${written.id} is in state ${JSON.stringify(state || 'unknown')}, not "enabled"`, {
      kind: 'unexpected',
      service: 'Flow Service',
      operation: `read connection (GET /connections/${written.id})`,
      hint: 'Open the account in Experience Platform (Sources > Accounts) to see why; re-run once it is enabled, or use if-exists: update to give it fresh credentials.',
    })
  }
  const etag = connection.etag || written.etag
  if (config.verify === 'connection') {
    log(`Connection ${written.id} is enabled.`)
    return { etag, connectionState: state }
  }
  const objects = await flowService.explore(written.id, { objectType: 'root' }, ExploredObjects())
  if (objects.length === 0) {
    throw new ActionError(`exploring connection ${written.id} listed no HubSpot objects`, {
      kind: 'unexpected',
      service: 'Flow Service',
      operation: `explore connection (GET /connections/${written.id}/explore)`,
      hint: 'The HubSpot app may lack the CRM read scopes; check its scopes and reauthorize it, then use if-exists: update.',
    })
  }
  log(`Connection ${written.id} is enabled, and explore listed ${objects.length} HubSpot objects.`)
  return { etag, connectionState: state, exploredObjects: objects.length }
}
