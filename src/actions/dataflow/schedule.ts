import { choice, input, shown, valid, wholeNumber, yamlBoolean, type Reading } from '../../core/inputs.js'

// The data flow's schedule: how often it runs, from when, and whether its first run loads the data
// from before the start time. Every message completes the sentence "input 'name' …".

/** The frequencies of the CRMToAEP flow spec's scheduleSpec. */
export const SCHEDULE_FREQUENCIES = ['once', 'minute', 'hour', 'day', 'week'] as const
export type ScheduleFrequency = (typeof SCHEDULE_FREQUENCIES)[number]

/** The flow spec's scheduleSpec: a flow that runs every few minutes runs at most every 15. */
export const MIN_MINUTE_INTERVAL = 15
/** The largest interval taken: the scheduleSpec types it integer, and a 32-bit one ends here. */
export const MAX_SCHEDULE_INTERVAL = 2_147_483_647
/**
 * An epoch number this large is taken for milliseconds: 10^11 seconds is in the year 5138, while
 * 10^11 milliseconds was 1973, and epoch milliseconds today have 13 digits.
 */
export const EPOCH_MILLISECONDS_FROM = 100_000_000_000

const START_TIME_EXAMPLES = 'for example 2026-01-31T09:00:00Z, 2026-01-31T10:00:00+01:00 or 1769850000'

export const scheduleFrequency = () => choice(SCHEDULE_FREQUENCIES, 'once')

/** The number of minutes, hours, days or weeks between runs; the 15-minute floor is a cross-input rule. */
export const scheduleInterval = () =>
  wholeNumber(
    1,
    MAX_SCHEDULE_INTERVAL,
    1,
    `a whole number from 1 to ${MAX_SCHEDULE_INTERVAL} (of minutes, hours, days or weeks, as schedule says)`,
  )

export const backfill = () => yamlBoolean(true)

/** What is wrong with the interval for this frequency; undefined when nothing is. */
export function intervalProblem(frequency: ScheduleFrequency, interval: number): string | undefined {
  if (frequency === 'minute' && interval < MIN_MINUTE_INTERVAL) {
    return `must be at least ${MIN_MINUTE_INTERVAL} when schedule is minute (Flow Service runs a flow at most every ${MIN_MINUTE_INTERVAL} minutes); got ${shown(interval)}`
  }
  return undefined
}

export type StartTimeResult = { ok: true; seconds: number } | { ok: false; message: string }

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** An ISO 8601 offset (Z, ±hh, ±hhmm, ±hh:mm) in minutes east of UTC; undefined when out of range. */
function offsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0
  if (hours > 23 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
}

/**
 * The start time as epoch seconds: ISO 8601 with a time of day and a timezone (Z or an offset;
 * fractions of a second are dropped), or epoch seconds as digits. Not before 1970.
 */
export function parseStartTime(value: string): StartTimeResult {
  const got = `got ${shown(value)}`
  if (/^\d+$/.test(value)) {
    const seconds = Number(value)
    if (seconds >= EPOCH_MILLISECONDS_FROM) {
      return {
        ok: false,
        message: `looks like epoch milliseconds (it is 10^11 or more); epoch seconds are expected, such as 1769850000; ${got}`,
      }
    }
    return { ok: true, seconds }
  }
  if (ISO_DATE.test(value)) {
    return { ok: false, message: `must give a time of day and a timezone too, such as ${value}T00:00:00Z; ${got}` }
  }
  const match = ISO_DATE_TIME.exec(value)
  if (!match) {
    return {
      ok: false,
      message: `must be an ISO 8601 time with a timezone, or epoch seconds (${START_TIME_EXAMPLES}); ${got}`,
    }
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const zone = match[7]
  if (zone === undefined) {
    return {
      ok: false,
      message: `must give a timezone: end it with Z (UTC) or an offset such as +01:00, so the time is not read in the runner's timezone; ${got}`,
    }
  }
  const offset = offsetMinutes(zone)
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offset === undefined
  ) {
    return { ok: false, message: `is not a real date and time (a field is out of range); ${got}` }
  }
  const seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset * 60
  if (year < 1970 || seconds < 0) {
    return { ok: false, message: `must not be before 1970-01-01T00:00:00Z; ${got}` }
  }
  return { ok: true, seconds }
}

/** The start-time input: epoch seconds, or undefined when empty (the step's start, read later). */
export const startTime = () =>
  input((value): Reading<number | undefined> => {
    if (value === '') return valid(undefined)
    const result = parseStartTime(value)
    return result.ok ? valid(result.seconds) : result
  })

/** Epoch seconds as an ISO 8601 UTC time without fractions, such as 2026-01-31T09:00:00Z. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Epoch seconds from a clock's milliseconds (Clock.now, Date.now). */
export function epochSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000)
}

/** The schedule as the inputs give it. */
export interface Schedule {
  frequency: ScheduleFrequency
  /** Minutes, hours, days or weeks between runs; not sent with once. */
  interval: number
  /** Epoch seconds. */
  startTime: number
  /** Whether start-time gave it; else it is the step's start, which no existing flow shares. */
  startTimeGiven: boolean
  /** Not sent with once. */
  backfill: boolean
}

/** The flow's `scheduleParams`. */
export interface ScheduleParams {
  startTime: number
  frequency: ScheduleFrequency
  interval?: number
  backfill?: boolean
}

/**
 * The flow's `scheduleParams`. JSON types: startTime and interval are integers and backfill is a
 * boolean, as the CRMToAEP flow spec's scheduleSpec (JSON schema) types them, which is what Flow
 * Service validates a flow against; the OpenAPI ScheduleSpecDTO types interval as a string, and the
 * tutorials send every value as a string.
 *
 * interval and backfill are sent only when frequency is not once: the scheduleSpec says that with
 * once they are not allowed, although the HubSpot tutorial's own example sends
 * `"frequency": "once"` with `"interval": "15"`.
 */
export function scheduleParams(schedule: Schedule): ScheduleParams {
  const { frequency, startTime: start } = schedule
  if (frequency === 'once') return { startTime: start, frequency }
  return { startTime: start, frequency, interval: schedule.interval, backfill: schedule.backfill }
}
