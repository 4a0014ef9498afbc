/**
 * Stands in for undici in the bundle (see tsconfig.json `paths`). @actions/http-client constructs
 * ProxyAgent only in getAgentDispatcher(), which this action never calls.
 */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: HttpClient.getAgentDispatcher() is not supported')
  }
}
