import { join } from 'node:path';
import { StartupError } from '../../errors';
import { AuditLog } from '../../audit/audit-log';
import { UsageRecorder } from '../../audit/usage';
import { stateDir } from '../../state-dir';
import type { Container } from '../../container/container';
import type { Logger } from '../../logging/logger';
import { SafeFetch } from '../../security/egress/safe-fetch';
import { SafeFs } from '../../security/paths/safe-fs';
import { RateLimiter } from '../../security/rate-limit/rate-limiter';
import { Scrubber } from '../../security/secrets/scrubber';
import type { SecretValue } from '../../security/secrets/secret-value';
import type { ServerOptions } from '../options';
import type { SecretLookup } from '../tool-factory';

/**
 * Creates the server-wide security services once and registers them in the container, where pipeline steps
 * and tools find them. Returns the clean-up work for `close()`.
 */
export async function registerSecurityServices(
  container: Container,
  options: ServerOptions,
  logger: Logger,
  scrubber: Scrubber,
  secrets: SecretLookup,
): Promise<Array<() => Promise<void> | void>> {
  const closers: Array<() => Promise<void> | void> = [];
  container.register(Scrubber, { useValue: scrubber });

  // `all` is a runtime setting (runtimeSettings), not a service.
  const { all: _all, anchor: anchorOption, ...sink } = options.audit ?? {};
  // A CLI loading the entry to read its tools (SECURE_MCP_NO_LISTEN) must not sign checkpoints into the log.
  const anchor = process.env.SECURE_MCP_NO_LISTEN === '1' ? undefined : anchorOption;
  const auditLog = new AuditLog({
    ...sink,
    file: sink.file ?? join(stateDir(), 'audit', `${options.name.replace(/[^a-zA-Z0-9_.-]/g, '_')}.jsonl`),
    privateDirectory: sink.file === undefined,
    server: options.name,
    scrub: (text) => scrubber.scrub(text),
    warn: (message) => logger.warn(message),
    ...(anchor
      ? {
          anchor: {
            ...anchor,
            key:
              anchor.key ??
              (anchor.secret ? (secrets(anchor.secret) as SecretValue | undefined)?.reveal() : undefined),
          },
        }
      : {}),
  });
  container.register(AuditLog, { useValue: auditLog });
  closers.push(() => auditLog.close());

  const { default: _defaults, ...store } = options.rateLimit ?? {};
  const limiter = new RateLimiter({ ...store, logger });
  if (store.redis) await limiter.ready();
  container.register(RateLimiter, { useValue: limiter });
  closers.push(() => limiter.close());

  if (options.usage !== false) {
    container.register(UsageRecorder, { useValue: new UsageRecorder(options.usage?.file) });
  }
  if (options.roots === 'client') {
    container.register(SafeFs, { useValue: new SafeFs({ ...options.fs, roots: [], clientRoots: 'only' }) });
  } else if (options.roots) {
    const clientRoots = options.narrowToClientRoots ? 'narrow' : undefined;
    container.register(SafeFs, {
      useValue: new SafeFs({ ...options.fs, roots: options.roots, clientRoots }),
    });
  } else if (options.narrowToClientRoots) {
    throw new StartupError(
      'narrowToClientRoots needs roots: [...]; use roots: "client" to follow the client alone',
    );
  }
  if (options.network) {
    const egress = new SafeFetch(options.network);
    container.register(SafeFetch, { useValue: egress });
    closers.push(() => egress.close());
  }
  return closers;
}
