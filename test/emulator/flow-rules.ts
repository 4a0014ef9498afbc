/**
 * What `POST /flows` (and a PATCHed flow) must satisfy for the flow spec CRMToAEP (dataflow-notes
 * §1.1 step 5, §1.2). Documented: source and target connection specs of the flow spec;
 * `Copy.deltaColumn.name` required; a `Mapping` whose mappingId/mappingVersion does not exist is
 * 1412-400; "Schema with same id and version must be used in both mapping and target dataset" is
 * 1425-400; mapping validation failures are 1419-400; `scheduleParams.startTime` in epoch seconds,
 * `frequency` once|minute|hour|day|week, `interval` ≥ 15 for minute and ≥ 1 otherwise and not
 * allowed with once, `backfill` boolean and not allowed with once. The docs send numbers as
 * strings and the spec as integers: both are accepted. Our choice: 1100-400 for every other
 * failure (unknown connection, wrong spec, bad schedule or transformation), and reading a
 * startTime of 10^11 or more as milliseconds, which is refused.
 */
import { CRM_TO_AEP_FLOW_SPEC } from './flow-spec.js'
import { findVersion, versionIsValid } from './data-prep.js'
import { FlowRequestError } from './errors.js'
import type { Caller } from './gateway.js'
import type { PlatformDeps } from './platform-state.js'
import type { FlowTransformation, StoredTargetConnection } from './types.js'
import { invalidField, isObject, nonEmptyString, requireFields } from './validate.js'

const FREQUENCIES = ['once', 'minute', 'hour', 'day', 'week']

function notFoundIn(what: string, id: string): FlowRequestError {
  return new FlowRequestError(
    '1100',
    `The request could not be processed. The ${what} ${id} does not exist in this sandbox.`,
  )
}

function idList(value: unknown, field: string): string[] {
  if (value === undefined) requireFields([field])
  if (!Array.isArray(value) || value.length === 0 || !value.every(nonEmptyString)) {
    throw invalidField(field, 'it must be a non-empty array of ids')
  }
  return [...value]
}

export interface FlowConnections {
  sourceConnectionIds: string[]
  targetConnectionIds: string[]
  targets: StoredTargetConnection[]
}

/** The source and target connections exist in the sandbox and fit the flow spec. */
export function checkConnections(deps: PlatformDeps, caller: Caller, body: Record<string, unknown>): FlowConnections {
  const sourceConnectionIds = idList(body.sourceConnectionIds, 'sourceConnectionIds')
  const targetConnectionIds = idList(body.targetConnectionIds, 'targetConnectionIds')
  for (const id of sourceConnectionIds) {
    const source = deps.state.sourceConnections.get(caller.orgId, caller.sandbox, id)
    if (source === undefined) throw notFoundIn('source connection', id)
    if (!(CRM_TO_AEP_FLOW_SPEC.sourceConnectionSpecIds as readonly string[]).includes(source.connectionSpec.id)) {
      throw invalidField('sourceConnectionIds', `the connection spec of ${id} is not a source of the flow spec`)
    }
  }
  const targets = targetConnectionIds.map((id) => {
    const target = deps.state.targetConnections.get(caller.orgId, caller.sandbox, id)
    if (target === undefined) throw notFoundIn('target connection', id)
    if (!(CRM_TO_AEP_FLOW_SPEC.targetConnectionSpecIds as readonly string[]).includes(target.connectionSpec.id)) {
      throw invalidField('targetConnectionIds', `the connection spec of ${id} is not a target of the flow spec`)
    }
    return target
  })
  return { sourceConnectionIds, targetConnectionIds, targets }
}

/** An integer given as a JSON number or as a string of digits (as the tutorials send it). */
function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined
}

function checkMapping(
  deps: PlatformDeps,
  caller: Caller,
  params: Record<string, unknown>,
  targets: StoredTargetConnection[],
): void {
  const version = integerOf(params.mappingVersion)
  const found =
    nonEmptyString(params.mappingId) && version !== undefined
      ? findVersion(deps, caller, params.mappingId, version)
      : undefined
  if (found === undefined) {
    throw new FlowRequestError(
      '1412',
      `The mapping version is invalid: mapping ${String(params.mappingId)} version ${String(params.mappingVersion)} does not exist.`,
    )
  }
  if (!versionIsValid(found.version)) {
    throw new FlowRequestError('1419', `The mapping ${found.set.id} version ${version} failed validation.`)
  }
  const schema = found.version.outputSchema.schemaRef
  for (const target of targets) {
    const dataset = deps.state.datasets.get(caller.orgId, caller.sandbox, String(target.params.dataSetId))
    const same =
      target.data.schema.id === schema.id &&
      target.data.schema.version === schema.contentType &&
      dataset?.schemaRef.id === schema.id &&
      dataset.schemaRef.contentType === schema.contentType
    if (!same) {
      throw new FlowRequestError(
        '1425',
        'Schema with same id and version must be used in both mapping and target dataset.',
      )
    }
  }
}

/** Copy needs `deltaColumn.name`; Mapping needs an existing mapping version on the targets' schema. */
export function checkTransformations(
  deps: PlatformDeps,
  caller: Caller,
  value: unknown,
  targets: StoredTargetConnection[],
): FlowTransformation[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw invalidField('transformations', 'it must be an array')
  return value.map((t, i) => {
    if (!isObject(t) || !nonEmptyString(t.name) || !isObject(t.params)) {
      throw invalidField(`transformations[${i}]`, 'it needs a name and params')
    }
    if (t.name === 'Copy') {
      const delta = t.params.deltaColumn
      if (!isObject(delta) || !nonEmptyString(delta.name))
        requireFields([`transformations[${i}].params.deltaColumn.name`])
    } else if (t.name === 'Mapping') {
      checkMapping(deps, caller, t.params, targets)
    } else {
      throw invalidField(`transformations[${i}].name`, `'${t.name}' is not a transformation of the flow spec`)
    }
    return { name: t.name, params: structuredClone(t.params) }
  })
}

/** The flow spec's scheduleSpec rules; the params are kept as sent. */
export function checkSchedule(value: unknown): Record<string, unknown> {
  if (value === undefined) requireFields(['scheduleParams'])
  if (!isObject(value)) throw invalidField('scheduleParams', 'it must be an object')
  const startTime = integerOf(value.startTime)
  if (value.startTime === undefined) requireFields(['scheduleParams.startTime'])
  if (startTime === undefined || startTime < 0) throw invalidField('scheduleParams.startTime', 'it must be an integer')
  if (startTime >= 1e11) throw invalidField('scheduleParams.startTime', 'it is epoch seconds, not milliseconds')
  if (typeof value.frequency !== 'string' || !FREQUENCIES.includes(value.frequency)) {
    throw invalidField('scheduleParams.frequency', `it must be one of ${FREQUENCIES.join(', ')}`)
  }
  if (value.frequency === 'once') {
    for (const key of ['interval', 'backfill']) {
      if (value[key] !== undefined)
        throw invalidField(`scheduleParams.${key}`, "it is not allowed with frequency 'once'")
    }
  } else {
    const interval = integerOf(value.interval)
    const least = value.frequency === 'minute' ? 15 : 1
    if (interval === undefined || interval < least) {
      throw invalidField(
        'scheduleParams.interval',
        `frequency '${value.frequency}' needs an integer interval of ${least} or more`,
      )
    }
  }
  const backfill = value.backfill
  if (backfill !== undefined && typeof backfill !== 'boolean' && backfill !== 'true' && backfill !== 'false') {
    throw invalidField('scheduleParams.backfill', 'it must be a boolean')
  }
  return structuredClone(value)
}
