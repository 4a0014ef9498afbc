/**
 * Stands in for @actions/exec in the bundle (see tsconfig.json `paths`). @actions/core imports it
 * only for `core.platform.getDetails()`, which runs `lsb_release`, `sw_vers` or PowerShell to name
 * the runner's OS; no action here calls it. The real module (with @actions/io) would load
 * child_process and its helpers into every start-up for nothing.
 */
export function getExecOutput(): never {
  throw new Error('@actions/exec is not bundled with this action: core.platform.getDetails() is not supported')
}
