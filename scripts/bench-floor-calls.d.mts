// Types of scripts/bench-floor-calls.mjs, which stays plain JavaScript so that the bare client
// runs under node with no build step and no module but Node's own.
export declare const PLANS: readonly ['given', 'minted', 'dataflow']
export declare function floorCalls(plan: string, imsUrl: string, hubspotUrl: string, platformUrl: string): Promise<void>
