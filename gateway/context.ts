import type { Caller } from '../lib/identity/caller';

/** Per request at the gateway: who asks (from the verified token) and the id that follows the request everywhere. */
export interface GatewayContext {
  caller: Caller;
  requestId: string;
}
