/**
 * The 'oversized' fault: a valid JSON body of an exact size, written in fixed chunks with
 * back-pressure, so that 50 MB cost the emulator one 64 KiB buffer. The body is
 * `{"items":[],"padding":"xxx…"}`, or `{}` plus spaces when that does not fit.
 */
import type { ServerResponse } from 'node:http'
import type { FaultSpec } from './types.js'

export const DEFAULT_OVERSIZED_BYTES = 50 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 'x')
const SPACES = Buffer.alloc(64 * 1024, ' ')
const PREFIX = '{"items":[],"padding":"'
const SUFFIX = '"}'

/** Resolves when the response can take more data, or when it is gone (false). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain)
      res.off('close', onClose)
      resolve(ok)
    }
    const onDrain = () => done(true)
    const onClose = () => done(false)
    res.on('drain', onDrain)
    res.on('close', onClose)
  })
}

/** Writes `length` bytes of `filler`; false when the client went away. */
async function pad(res: ServerResponse, filler: Buffer, length: number): Promise<boolean> {
  let left = length
  while (left > 0) {
    if (res.destroyed) return false
    const part = left >= filler.length ? filler : filler.subarray(0, left)
    left -= part.length
    if (!res.write(part) && !(await drained(res))) return false
  }
  return true
}

/** Sends the oversized answer (head first; the caller records the status). */
export async function sendOversized(
  res: ServerResponse,
  spec: FaultSpec,
  headers: Record<string, string>,
): Promise<void> {
  const bytes = spec.bytes ?? DEFAULT_OVERSIZED_BYTES
  const fits = bytes >= PREFIX.length + SUFFIX.length
  res.writeHead(spec.status ?? 200, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(bytes),
  })
  if (fits) {
    res.write(PREFIX)
    if (!(await pad(res, CHUNK, bytes - PREFIX.length - SUFFIX.length))) return
    res.end(SUFFIX)
  } else {
    res.write('{}')
    if (!(await pad(res, SPACES, bytes - 2))) return
    res.end()
  }
}
