import type { Container } from '../container/container';
import type { Principal } from '../context';
import type { Logger } from '../logging/logger';
import type { RateLimitOptions } from '../metadata/types';
import type { CallTelemetry } from '../telemetry';
import type { ArgumentLimits } from '../validation/argument-guard';

/** What pipeline steps may know about the server, fixed at start-up. */
export interface ServerRuntime {
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  /** The server's container: services (audit log, rate limiter, SafeFs...) are resolved from it once. */
  readonly container: Container;
  /** `readOnly: true` or `SECURE_MCP_READ_ONLY=1`: write tools are neither listed nor callable. */
  readonly readOnly: boolean;
  readonly argumentLimits: ArgumentLimits;
  /** Largest result (text and structured content) sent to a client, in characters. */
  readonly maxResultBytes: number;
  /** Principal used when the transport does not authenticate (stdio): the OS user unless configured. */
  readonly defaultPrincipal: Principal;
  /** Applied to every text that leaves the server (results, errors, logs): the known-secret scrubber. */
  readonly scrub: (text: string) => string;
  /** `audit.all`: every call of every capability is audited, decorated or not. */
  readonly auditAll: boolean;
  /** `rateLimit.default`: limits for capabilities without `@RateLimit`; undefined when not configured. */
  readonly defaultRateLimits?: readonly RateLimitOptions[];
  /** Limits on `ctx.sample` (`sampling.rateLimit`, or the built-in default; empty: none). */
  readonly samplingLimits: readonly RateLimitOptions[];
  /** Call spans and metrics; undefined when no OpenTelemetry SDK is registered. */
  readonly telemetry?: CallTelemetry;
  /** Registers clean-up work for `close()` (flush audit, close Redis...). Run in reverse order. */
  onClose(task: () => Promise<void> | void): void;
}
