import { describe, expect, it } from 'vitest'
import {
  backfill,
  EPOCH_MILLISECONDS_FROM,
  epochSeconds,
  intervalProblem,
  isoTime,
  MAX_SCHEDULE_INTERVAL,
  MIN_MINUTE_INTERVAL,
  parseStartTime,
  SCHEDULE_FREQUENCIES,
  scheduleFrequency,
  scheduleInterval,
  scheduleParams,
  startTime,
  type Schedule,
} from '../../../../src/actions/dataflow/schedule.js'

/** 2026-01-31T09:00:00Z */
const T = 1769850000

describe('parseStartTime', () => {
  const accepted: [string, number][] = [
    ['1769850000', T],
    ['0', 0],
    [String(EPOCH_MILLISECONDS_FROM - 1), EPOCH_MILLISECONDS_FROM - 1],
    ['2026-01-31T09:00:00Z', T],
    ['2026-01-31t09:00:00z', T],
    ['2026-01-31 09:00:00Z', T],
    ['2026-01-31T09:00Z', T],
    ['2026-01-31T09:00:00.999Z', T],
    ['2026-01-31T09:00:00,5Z', T],
    ['2026-01-31T10:00:00+01:00', T],
    ['2026-01-31T10:00:00+0100', T],
    ['2026-01-31T10:00:00+01', T],
    ['2026-01-31T03:30:00-05:30', T],
    ['2026-01-31T09:00:00+00:00', T],
    ['2026-01-31T09:00:00-00:00', T],
    ['2024-02-29T00:00:00Z', 1709164800],
    ['1970-01-01T00:00:00Z', 0],
    ['9999-12-31T23:59:59Z', 253402300799],
  ]
  for (const [value, seconds] of accepted) {
    it(`reads ${value} as ${seconds}`, () => expect(parseStartTime(value)).toEqual({ ok: true, seconds }))
  }

  const refused: [string, RegExp][] = [
    [
      String(EPOCH_MILLISECONDS_FROM),
      /^looks like epoch milliseconds \(it is 10\^11 or more\); epoch seconds are expected/,
    ],
    ['1769850000000', /epoch milliseconds.*; got "1769850000000"$/],
    ['2026-01-31', /^must give a time of day and a timezone too, such as 2026-01-31T00:00:00Z; got "2026-01-31"$/],
    ['2026-01-31T09:00:00', /^must give a timezone: end it with Z \(UTC\) or an offset such as \+01:00/],
    ['2026-01-31T09:00', /must give a timezone/],
    ['tomorrow', /^must be an ISO 8601 time with a timezone, or epoch seconds \(for example .*\); got "tomorrow"$/],
    ['-1', /ISO 8601/],
    ['1769850000.5', /ISO 8601/],
    ['1.7e9', /ISO 8601/],
    ['2026-1-31T09:00:00Z', /ISO 8601/],
    ['2026-01-31T9:00:00Z', /ISO 8601/],
    ['2026-01-31T09:00:00 Z', /ISO 8601/],
    ['2026-01-31T09:00:00+1', /ISO 8601/],
    ['Sat, 31 Jan 2026 09:00:00 GMT', /ISO 8601/],
    ['2026-02-29T00:00:00Z', /^is not a real date and time \(a field is out of range\); got "2026-02-29T00:00:00Z"$/],
    ['2026-13-01T00:00:00Z', /not a real date/],
    ['2026-00-01T00:00:00Z', /not a real date/],
    ['2026-01-00T00:00:00Z', /not a real date/],
    ['2026-04-31T00:00:00Z', /not a real date/],
    ['2026-01-31T24:00:00Z', /not a real date/],
    ['2026-01-31T09:60:00Z', /not a real date/],
    ['2026-01-31T09:00:60Z', /not a real date/],
    ['2026-01-31T09:00:00+24:00', /not a real date/],
    ['2026-01-31T09:00:00+01:60', /not a real date/],
    ['1969-12-31T23:59:59Z', /^must not be before 1970-01-01T00:00:00Z; got "1969-12-31T23:59:59Z"$/],
    ['1970-01-01T00:30:00+01:00', /must not be before 1970/],
  ]
  for (const [value, message] of refused) {
    it(`refuses ${value}`, () => {
      const result = parseStartTime(value)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.message).toMatch(message)
    })
  }
})

describe('the schedule inputs', () => {
  it('take the frequencies of the flow spec, once by default', () => {
    expect(SCHEDULE_FREQUENCIES).toEqual(['once', 'minute', 'hour', 'day', 'week'])
    expect(scheduleFrequency().parse('')).toBe('once')
    for (const frequency of SCHEDULE_FREQUENCIES) expect(scheduleFrequency().parse(frequency)).toBe(frequency)
    expect(scheduleFrequency().safeParse('Hour').error?.issues[0]?.message).toBe(
      'must be one of once, minute, hour, day, week; got "Hour"',
    )
  })

  it('take an interval from 1, 1 by default', () => {
    expect(scheduleInterval().parse('')).toBe(1)
    expect(scheduleInterval().parse('1')).toBe(1)
    expect(scheduleInterval().parse('015')).toBe(15)
    expect(scheduleInterval().parse(String(MAX_SCHEDULE_INTERVAL))).toBe(MAX_SCHEDULE_INTERVAL)
    for (const value of ['0', '-1', '1.5', 'ten', ' 2', String(MAX_SCHEDULE_INTERVAL + 1), '1e3']) {
      expect(scheduleInterval().safeParse(value).error?.issues[0]?.message, value).toMatch(
        /^must be a whole number from 1 to 2147483647 \(of minutes, hours, days or weeks, as schedule says\); got /,
      )
    }
  })

  it('take backfill as a YAML boolean, true by default', () => {
    expect(backfill().parse('')).toBe(true)
    expect(backfill().parse('False')).toBe(false)
    expect(backfill().safeParse('no').error?.issues[0]?.message).toBe('must be true or false; got "no"')
  })

  it('take the start time as epoch seconds, or undefined when empty', () => {
    expect(startTime().parse('')).toBeUndefined()
    expect(startTime().parse('2026-01-31T09:00:00Z')).toBe(T)
    expect(
      startTime()
        .safeParse('soon')
        .error?.issues.map((issue) => issue.message),
    ).toEqual([expect.stringMatching(/^must be an ISO 8601 time/)])
  })

  it('need at least 15 minutes between runs every few minutes', () => {
    expect(MIN_MINUTE_INTERVAL).toBe(15)
    expect(intervalProblem('minute', 14)).toBe(
      'must be at least 15 when schedule is minute (Flow Service runs a flow at most every 15 minutes); got "14"',
    )
    expect(intervalProblem('minute', 15)).toBeUndefined()
    for (const frequency of ['once', 'hour', 'day', 'week'] as const)
      expect(intervalProblem(frequency, 1)).toBeUndefined()
  })
})

describe('epochSeconds', () => {
  it('drops the milliseconds of a clock', () => {
    expect(epochSeconds(1769850000999)).toBe(T)
    expect(epochSeconds(1769850000000)).toBe(T)
  })
})

describe('isoTime', () => {
  it('shows epoch seconds as a UTC time that parseStartTime reads back', () => {
    expect(isoTime(T)).toBe('2026-01-31T09:00:00Z')
    expect(isoTime(0)).toBe('1970-01-01T00:00:00Z')
    expect(parseStartTime(isoTime(1798761599))).toEqual({ ok: true, seconds: 1798761599 })
  })
})

describe('scheduleParams', () => {
  const schedule = (frequency: Schedule['frequency'], extra: Partial<Schedule> = {}): Schedule => ({
    frequency,
    interval: 15,
    startTime: T,
    startTimeGiven: true,
    backfill: false,
    ...extra,
  })

  it('sends neither interval nor backfill with once', () => {
    expect(scheduleParams(schedule('once'))).toEqual({ startTime: T, frequency: 'once' })
    expect(Object.keys(scheduleParams(schedule('once', { backfill: true, interval: 1 })))).toEqual([
      'startTime',
      'frequency',
    ])
  })

  for (const frequency of ['minute', 'hour', 'day', 'week'] as const) {
    it(`sends interval and backfill with ${frequency}`, () => {
      expect(scheduleParams(schedule(frequency))).toEqual({ startTime: T, frequency, interval: 15, backfill: false })
    })
  }

  it('sends the start time and interval as integers and backfill as a boolean', () => {
    const json = JSON.parse(
      JSON.stringify(scheduleParams(schedule('hour', { interval: 2, backfill: true }))),
    ) as Record<string, unknown>
    expect(json).toEqual({ startTime: T, frequency: 'hour', interval: 2, backfill: true })
    expect(Number.isInteger(json['startTime'])).toBe(true)
    expect(Number.isInteger(json['interval'])).toBe(true)
  })
})
