/**
 * The value of a settled promise, or its error thrown: for calls made together, whose results are
 * taken one by one in a fixed order, so that the error reported is the first in that order
 * whichever call ended first.
 */
export function fulfilled<T>(outcome: PromiseSettledResult<T>): T {
  if (outcome.status === 'rejected') throw outcome.reason
  return outcome.value
}
