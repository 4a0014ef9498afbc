import * as core from '@actions/core'
import {
  FlowServiceClient,
  type Connection,
  type ConnectionSummary,
  type HubSpotAuthParams,
  type JsonPatchOperation,
  type WriteResult,
} from './adobe/flow-service.js'
import { AdobeTokenSource } from './adobe/token.js'
import type { Config } from './config.js'
import { decide, resultOf, type Decision } from './decide.js'
import { ActionError } from './errors.js'
import { createExactlyOnce } from './create-once.js'
import type { RetryingHttp } from './retry.js'
import { introspectAccessToken, refreshAccessToken, requireUsableToken } from './hubspot/oauth.js'
import { setConnectionOutputs, setStateOutput, type Outcome } from './report.js'
import type { SecretRegistry } from './secrets.js'

/**
 * The step, phase by phase: tokens, HubSpot credentials, lookup, decision, write, verification.
 * Each phase is a log group with one line that says what was done.
 */
export async function connectHubSpot(config: Config, http: RetryingHttp, secrets: SecretRegistry): Promise<Outcome> {
  const adobeToken = new AdobeTokenSource(
    http,
    config.urls.ims,
    { clientId: config.adobe.clientId, clientSecret: config.adobe.clientSecret, scopes: config.adobe.scopes },
    secrets,
    config.adobe.accessToken,
  )
  await core.group('Adobe IMS access token', async () => core.info(await adobeToken.prepare()))

  const hubspotParams = await core.group('HubSpot credentials', () => proveHubSpotCredentials(config, http, secrets))

  const flowService = new FlowServiceClient(
    http,
    {
      platformUrl: config.urls.platform,
      apiKey: config.adobe.clientId,
      orgId: config.adobe.orgId,
      sandboxName: config.sandboxName,
      tokens: adobeToken,
    },
    secrets,
  )

  const matches = await core.group('Existing connections', async () => {
    const found = await flowService.findHubSpotConnectionsNamed(config.connectionName)
    core.info(describeMatches(found, config))
    return found
  })
  const decision = decide(config.ifExists, matches)
  if (decision.action === 'fail') throw decisionFailure(decision, config)

  const base = { connectionName: config.connectionName, sandboxName: config.sandboxName }
  if (config.dryRun) {
    const existing = decision.action === 'create' ? undefined : decision.connection
    core.info(
      `Dry run: would ${decision.action} ${existing ? `connection ${existing.id}` : 'a connection'}; nothing was written.`,
    )
    const planned = {
      ...base,
      result: `would-${decision.action}` as const,
      connectionId: existing?.id ?? '',
      etag: existing?.etag ?? '',
      connectionState: '',
    }
    setConnectionOutputs(planned)
    setStateOutput('')
    return planned
  }

  const knownIds = new Set(matches.map((match) => match.id))
  const written = await core.group(writeGroupTitle(decision), () =>
    write(decision, { flowService, http, knownIds }, config, hubspotParams),
  )
  const result = resultOf(decision)
  setConnectionOutputs({ result, connectionId: written.id, etag: written.etag })
  const verified = await core.group('Verification', () => verify(flowService, http, written, config))
  setStateOutput(verified.connectionState)
  // Settling can change the etag; later steps need the current one.
  if (verified.etag !== written.etag) setConnectionOutputs({ result, connectionId: written.id, etag: verified.etag })
  return { ...base, result, connectionId: written.id, ...verified }
}

/** Proves the HubSpot credentials before Flow Service sees them; returns the params to store. */
async function proveHubSpotCredentials(
  config: Config,
  http: RetryingHttp,
  secrets: SecretRegistry,
): Promise<HubSpotAuthParams> {
  const app = { clientId: config.hubspot.clientId, clientSecret: config.hubspot.clientSecret }
  const given = config.hubspot.accessToken
  if (given !== undefined) {
    const token = await introspectAccessToken(http, config.urls.hubspot, app, given, secrets)
    requireUsableToken(token, app)
    const left = token.expiresInSeconds !== undefined ? ` (${Math.round(token.expiresInSeconds / 60)} min left)` : ''
    core.info(`hubspot-access-token is active${left}.`)
    return { ...app, accessToken: given, refreshToken: config.hubspot.refreshToken }
  }
  const tokens = await refreshAccessToken(http, config.urls.hubspot, app, config.hubspot.refreshToken, secrets)
  const rotated =
    tokens.refreshToken !== config.hubspot.refreshToken
      ? ' HubSpot returned a new refresh token; the connection stores it.'
      : ''
  core.info(`Minted a fresh HubSpot access token from hubspot-refresh-token.${rotated}`)
  return { ...app, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
}

function describeMatches(matches: readonly Connection[], config: Config): string {
  const where = `named ${JSON.stringify(config.connectionName)} in sandbox ${config.sandboxName}`
  if (matches.length === 0) return `No HubSpot connection ${where}.`
  return `Found ${matches.length} HubSpot connection${matches.length === 1 ? '' : 's'} ${where}: ${matches.map((match) => match.id).join(', ')}.`
}

function decisionFailure(decision: Extract<Decision, { action: 'fail' }>, config: Config): ActionError {
  const name = JSON.stringify(config.connectionName)
  if (decision.reason === 'exists') {
    return new ActionError(
      `a HubSpot connection named ${name} already exists in sandbox ${config.sandboxName}: ${decision.ids.join(', ')}`,
      {
        kind: 'conflict',
        hint: 'if-exists is "fail". Use if-exists: reuse to use it, update to rotate its credentials, or choose another connection-name.',
      },
    )
  }
  return new ActionError(
    `${decision.ids.length} HubSpot connections named ${name} exist in sandbox ${config.sandboxName}, so none can be chosen: ${decision.ids.join(', ')}`,
    {
      kind: 'conflict',
      hint: 'Delete or rename the extra connections in Experience Platform (Sources > Accounts), or use if-exists: create to add yet another.',
    },
  )
}

function writeGroupTitle(decision: Exclude<Decision, { action: 'fail' }>): string {
  return { create: 'Create connection', reuse: 'Reuse connection', update: 'Update connection' }[decision.action]
}

interface WriteContext {
  flowService: FlowServiceClient
  http: RetryingHttp
  /** The connections of that name that existed before this run. */
  knownIds: ReadonlySet<string>
}

async function write(
  decision: Exclude<Decision, { action: 'fail' }>,
  { flowService, http, knownIds }: WriteContext,
  config: Config,
  params: HubSpotAuthParams,
): Promise<WriteResult> {
  switch (decision.action) {
    case 'reuse':
      core.info(`Reusing connection ${decision.connection.id}; nothing was written.`)
      return { id: decision.connection.id, etag: decision.connection.etag }
    case 'update': {
      const operations: JsonPatchOperation[] = [
        { op: 'replace', path: '/auth/params', value: params },
        ...(config.connectionDescription !== undefined
          ? [{ op: 'replace' as const, path: '/description', value: config.connectionDescription }]
          : []),
      ]
      const updated = await patchWithFreshEtag(flowService, decision.connection, operations)
      core.info(
        `Updated the HubSpot credentials${config.connectionDescription !== undefined ? ' and description' : ''} of connection ${updated.id}.`,
      )
      return updated
    }
    case 'create': {
      const input = {
        name: config.connectionName,
        ...(config.connectionDescription !== undefined ? { description: config.connectionDescription } : {}),
        params,
      }
      const created = await createExactlyOnce(flowService, http, input, knownIds)
      if (!created.adopted) core.info(`Created connection ${created.id}.`)
      return { id: created.id, etag: created.etag }
    }
  }
}

/**
 * PATCH with the etag read at lookup; when Flow Service answers 412 (the connection changed since,
 * or an earlier attempt of this PATCH was applied), read it again and retry once with the fresh etag.
 */
async function patchWithFreshEtag(
  flowService: FlowServiceClient,
  connection: ConnectionSummary,
  operations: JsonPatchOperation[],
): Promise<WriteResult> {
  try {
    return await flowService.patch(connection.id, connection.etag, operations)
  } catch (error) {
    if (!(error instanceof ActionError) || error.facts.status !== 412) throw error
    core.info(`Connection ${connection.id} changed since it was read (stale etag); reading it again and retrying once.`)
    const fresh = await flowService.get(connection.id)
    return flowService.patch(connection.id, fresh.etag, operations)
  }
}

/** States a connection passes through on its way to enabled (Flow Service's error catalog). */
const TRANSITIONAL_STATES = new Set(['initializing', 'updating', 'enabled-finalizing'])
/** How long verification waits for a connection in such a state to settle, within the deadline. */
const SETTLE_WINDOW_MS = 60_000

async function verify(
  flowService: FlowServiceClient,
  http: RetryingHttp,
  written: WriteResult,
  config: Config,
): Promise<Pick<Outcome, 'etag' | 'connectionState' | 'exploredObjects'>> {
  if (config.verify === 'none') {
    core.info('Not verified (verify: none).')
    return { etag: written.etag, connectionState: '' }
  }
  const connection = await http.pollUntil(
    () => flowService.get(written.id),
    (read) => !TRANSITIONAL_STATES.has(read.state ?? ''),
    SETTLE_WINDOW_MS,
    (read, wait) => core.info(`Connection ${written.id} is ${read.state}; reading it again in ${wait / 1000} s.`),
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
    core.info(`Connection ${written.id} is enabled.`)
    return { etag, connectionState: state }
  }
  const objects = await flowService.explore(written.id)
  if (objects.length === 0) {
    throw new ActionError(`exploring connection ${written.id} listed no HubSpot objects`, {
      kind: 'unexpected',
      service: 'Flow Service',
      operation: `explore connection (GET /connections/${written.id}/explore)`,
      hint: 'The HubSpot app may lack the CRM read scopes; check its scopes and reauthorize it, then use if-exists: update.',
    })
  }
  core.info(`Connection ${written.id} is enabled, and explore listed ${objects.length} HubSpot objects.`)
  return { etag, connectionState: state, exploredObjects: objects.length }
}
