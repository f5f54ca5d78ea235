import type { LogTransport } from '../logging/log-transport';
import type { AuditFanout } from './fanout';

/**
 * An {@link AuditFanout} for `audit.transports`, loading it (and winston) only then: most servers have no
 * extra audit transports, and importing secure-mcp should not pay for winston's modules.
 */
export function createFanout(transports: LogTransport[], closeTimeoutMs: number): AuditFanout {
  const { AuditFanout: Fanout } = require('./fanout') as typeof import('./fanout');
  return new Fanout(transports, closeTimeoutMs);
}
