/**
 * In-memory base connections, kept per (org, sandbox), plus the mapping to the API's
 * ConnectionItemDTO with secrets masked.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { SECRET_PLACEHOLDER } from './config.js'
import type { StoredConnection } from './types.js'

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

export class ConnectionStore {
  private readonly byScope = new Map<string, Map<string, StoredConnection>>()

  private scope(orgId: string, sandbox: string): Map<string, StoredConnection> {
    const key = `${orgId}\u0000${sandbox}`
    let scope = this.byScope.get(key)
    if (scope === undefined) {
      scope = new Map()
      this.byScope.set(key, scope)
    }
    return scope
  }

  /** Live records of one sandbox, in creation order. */
  list(orgId: string, sandbox: string): StoredConnection[] {
    return [...this.scope(orgId, sandbox).values()]
  }

  /** Live records of every sandbox (of every org), in creation order. */
  all(): StoredConnection[] {
    return [...this.byScope.values()].flatMap((scope) => [...scope.values()]).sort((a, b) => a.createdAt - b.createdAt)
  }

  get(orgId: string, sandbox: string, id: string): StoredConnection | undefined {
    return this.scope(orgId, sandbox).get(id)
  }

  add(record: Omit<StoredConnection, 'id' | 'etag' | 'createdAt' | 'updatedAt'>): StoredConnection {
    const now = timestamp()
    const stored: StoredConnection = { id: randomUUID(), etag: newEtag(), createdAt: now, updatedAt: now, ...record }
    this.scope(record.imsOrgId, record.sandboxName).set(stored.id, stored)
    return stored
  }

  /** Replaces a record with its updated version, bumping etag and updatedAt. */
  update(previous: StoredConnection, next: StoredConnection, clientId: string): StoredConnection {
    const updated: StoredConnection = {
      ...next,
      etag: newEtag(previous.etag),
      updatedAt: timestamp(),
      updatedBy: clientId,
      updatedClient: clientId,
    }
    this.scope(previous.imsOrgId, previous.sandboxName).set(previous.id, updated)
    return updated
  }

  delete(orgId: string, sandbox: string, id: string): boolean {
    return this.scope(orgId, sandbox).delete(id)
  }

  clear(): void {
    this.byScope.clear()
  }
}

/** ConnectionItemDTO as the API returns it. Every auth param but `clientId` is masked. */
export function toDto(c: StoredConnection): Record<string, unknown> {
  const params = Object.fromEntries(
    Object.entries(c.auth.params).map(([k, v]) => [k, k === 'clientId' ? v : SECRET_PLACEHOLDER]),
  )
  return {
    id: c.id,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    createdBy: c.createdBy,
    updatedBy: c.updatedBy,
    createdClient: c.createdClient,
    updatedClient: c.updatedClient,
    sandboxId: sandboxId(c.imsOrgId, c.sandboxName),
    sandboxName: c.sandboxName,
    imsOrgId: c.imsOrgId,
    name: c.name,
    ...(c.description === undefined ? {} : { description: c.description }),
    connectionSpec: { ...c.connectionSpec },
    state: c.state,
    auth: { specName: c.auth.specName, params },
    version: c.etag,
    etag: c.etag,
  }
}
