/**
 * Everything the platform listener keeps, per (org, sandbox): base connections and the data-flow
 * resources of Flow Service, Catalog datasets and Data Prep mapping sets, plus the deterministic
 * schedules (state changes after reads, run failures). One object so reset() clears it at once.
 */
import type { ResolvedConfig } from './config.js'
import type { ContinuationCodec } from './continuation.js'
import { StateCountdowns } from './countdown.js'
import { ConnectionStore, ScopedMap, ScopedStore } from './store.js'
import type { TokenStore } from './tokens.js'
import type {
  RunFailure,
  StoredDataset,
  StoredFlow,
  StoredMappingSet,
  StoredRun,
  StoredSourceConnection,
  StoredTargetConnection,
} from './types.js'

export class PlatformState {
  readonly connections = new ConnectionStore()
  /** Pending base-connection state changes, counted in reads of the connection. */
  readonly connectionStates = new StateCountdowns()
  readonly sourceConnections = new ScopedStore<StoredSourceConnection>()
  readonly targetConnections = new ScopedStore<StoredTargetConnection>()
  readonly flows = new ScopedStore<StoredFlow>()
  readonly runs = new ScopedStore<StoredRun>()
  readonly datasets = new ScopedMap<StoredDataset>()
  readonly mappingSets = new ScopedMap<StoredMappingSet>()
  /** flow id → how its unfinished and later runs fail. */
  readonly runFailures = new Map<string, RunFailure>()
  /** How the runs of the next flow created fail, if they should. */
  nextFlowFailure: RunFailure | undefined

  clear(): void {
    for (const store of [
      this.connections,
      this.sourceConnections,
      this.targetConnections,
      this.flows,
      this.runs,
      this.datasets,
      this.mappingSets,
    ]) {
      store.clear()
    }
    this.connectionStates.clear()
    this.runFailures.clear()
    this.nextFlowFailure = undefined
  }
}

/** What every platform handler gets. */
export interface PlatformDeps {
  config: ResolvedConfig
  tokens: TokenStore
  state: PlatformState
  continuation: ContinuationCodec
  /** The platform listener's origin, for `Location` headers. */
  platformUrl: () => string
}
