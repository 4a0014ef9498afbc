/**
 * In-memory records kept per (org, sandbox): the generic stores every resource uses, base
 * connections among them, plus the mapping to the API's ConnectionItemDTO with secrets masked.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { SECRET_PLACEHOLDER } from './config.js'
import type { FlowResourceFields, StoredConnection } from './types.js'

/**
 * A fresh etag in Flow Service's format, including the literal quotes:
 * "\"6802064a-0000-0200-0000-6387c6b90000\"" (last group: hex epoch seconds + "0000").
 */
export function newEtag(previous?: string): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0')
  let etag: string
  do etag = `"${randomBytes(4).toString('hex')}-0000-0200-0000-${seconds}0000"`
  while (etag === previous)
  return etag
}

/** Strips one pair of surrounding double quotes (If-Match may come with or without them). */
export function unquoteEtag(value: string): string {
  const trimmed = value.trim()
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed
}

/** Stable uuid-shaped id for a sandbox of an org (the DTO's `sandboxId`). */
export function sandboxId(orgId: string, sandbox: string): string {
  const h = createHash('sha256').update(`${orgId}/${sandbox}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Millisecond clock that never repeats a value, so createdAt order = creation order. */
let lastStamp = 0
export function timestamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1)
  return lastStamp
}

/** What ScopedMap keeps: records that live in one sandbox of one org. */
export interface ScopedRecord {
  id: string
  imsOrgId: string
  sandboxName: string
}

/**
 * Records kept per (org, sandbox), in creation order (a record replaced by `set` keeps its
 * place). Lookups never cross sandboxes: an id from another sandbox is simply not there.
 */
export class ScopedMap<T extends ScopedRecord> {
  private readonly records = new Map<string, T>()

  private static key(orgId: string, sandbox: string, id: string): string {
    return `${orgId}\u0000${sandbox}\u0000${id}`
  }

  /** Live records of one sandbox, in creation order. */
  list(orgId: string, sandbox: string): T[] {
    return this.all().filter((r) => r.imsOrgId === orgId && r.sandboxName === sandbox)
  }

  /** Live records of every sandbox (of every org), in creation order. */
  all(): T[] {
    return [...this.records.values()]
  }

  get(orgId: string, sandbox: string, id: string): T | undefined {
    return this.records.get(ScopedMap.key(orgId, sandbox, id))
  }

  /** The live record with this id in whichever sandbox holds it (for the test hooks). */
  find(id: string): T | undefined {
    return this.all().find((r) => r.id === id)
  }

  set(record: T): T {
    this.records.set(ScopedMap.key(record.imsOrgId, record.sandboxName, record.id), record)
    return record
  }

  delete(orgId: string, sandbox: string, id: string): boolean {
    return this.records.delete(ScopedMap.key(orgId, sandbox, id))
  }

  clear(): void {
    this.records.clear()
  }
}

/** Flow Service resources: a uuid id and a quoted etag that every update replaces. */
export class ScopedStore<T extends FlowResourceFields> extends ScopedMap<T> {
  add(record: Omit<T, 'id' | 'etag' | 'createdAt' | 'updatedAt'>): T {
    const now = timestamp()
    return this.set({ id: randomUUID(), etag: newEtag(), createdAt: now, updatedAt: now, ...record } as T)
  }

  /** Replaces a record with its updated version, bumping etag and updatedAt. */
  update(previous: T, next: T, clientId: string): T {
    return this.set({
      ...next,
      etag: newEtag(previous.etag),
      updatedAt: timestamp(),
      updatedBy: clientId,
      updatedClient: clientId,
    })
  }
}

/** Base connections. */
export class ConnectionStore extends ScopedStore<StoredConnection> {}

/** The fields of the DTO every Flow Service resource shares, in the API's order. */
export function resourceDtoHead(r: FlowResourceFields): Record<string, unknown> {
  return {
    id: r.id,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    createdClient: r.createdClient,
    updatedClient: r.updatedClient,
    sandboxId: sandboxId(r.imsOrgId, r.sandboxName),
    sandboxName: r.sandboxName,
    imsOrgId: r.imsOrgId,
  }
}

/** ConnectionItemDTO as the API returns it. Every auth param but `clientId` is masked. */
export function toDto(c: StoredConnection): Record<string, unknown> {
  const params = Object.fromEntries(
    Object.entries(c.auth.params).map(([k, v]) => [k, k === 'clientId' ? v : SECRET_PLACEHOLDER]),
  )
  return {
    ...resourceDtoHead(c),
    name: c.name,
    ...(c.description === undefined ? {} : { description: c.description }),
    connectionSpec: { ...c.connectionSpec },
    state: c.state,
    auth: { specName: c.auth.specName, params },
    version: c.etag,
    etag: c.etag,
  }
}
