import type { Logger } from '../../logging/logger';
import { isLoopback } from './check-origin';
import type { HttpOptions } from './options';

/**
 * Says loudly, once at start-up, when the server is reachable by more than its local user or unauthenticated.
 */
export function warnAboutExposure(host: string, options: HttpOptions, logger: Logger): void {
  if (options.auth === false) {
    logger.warn(
      'HTTP authentication is DISABLED (auth: false): anyone who can reach the port can call every tool',
    );
  }
  if (!isLoopback(host)) {
    logger.warn('HTTP server bound to a non-loopback address: it is reachable from the network', { host });
    if (!options.allowedHosts?.length) {
      logger.warn('no allowedHosts set: requests are accepted only with Host equal to the bound address', {
        host,
      });
    }
  }
}
