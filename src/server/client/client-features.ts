import { AuditLog } from '../../audit/audit-log';
import type { ToolContext } from '../../context';
import type {
  ClientFeatures,
  ClientLog,
  ClientRoot,
  ElicitOptions,
  ElicitResult,
  SamplingRequest,
  SamplingResult,
} from '../../client-context';
import { ToolError } from '../../errors';
import type { Class, RateLimitOptions } from '../../metadata/types';
import { RateLimiter } from '../../security/rate-limit/rate-limiter';
import type { RateLimitCheck } from '../../security/rate-limit/types';
import { Scrubber } from '../../security/secrets/scrubber';
import type { ServerRuntime } from '../server-runtime';
import type { ClientLink, RequestOrigin } from './client-request';
import { createClientLog } from './context-log';
import { elicit } from './elicit';
import { OutgoingRedactor } from './redact-outgoing';
import { clientRoots } from './roots';
import { sample, SAMPLING_LIMIT_NAME } from './sample';

/** Default `sampling.rateLimit`: a tool cannot turn the client's model into a free, unbounded API. */
export const DEFAULT_SAMPLING_LIMITS: readonly RateLimitOptions[] = [{ limit: 10, window: '1m' }];

/** The server-wide services behind the client features, resolved once per server. */
export interface ClientServices {
  readonly audit: AuditLog;
  readonly scrubber: Scrubber;
  readonly samplingLimit: RateLimitCheck;
}

const servicesByRuntime = new WeakMap<ServerRuntime, ClientServices>();

export function clientServices(runtime: ServerRuntime): ClientServices {
  let services = servicesByRuntime.get(runtime);
  if (!services) {
    const { container } = runtime;
    services = {
      audit: container.resolve(AuditLog),
      scrubber: container.resolve(Scrubber),
      samplingLimit: container.resolve(RateLimiter).forTool(SAMPLING_LIMIT_NAME, runtime.samplingLimits),
    };
    servicesByRuntime.set(runtime, services);
  }
  return services;
}

/**
 * The client features of one request (`ctx.log`, `ctx.elicit`, `ctx.sample`, `ctx.roots`), built on first use.
 * Tools, resources and prompts get the same object: give it the request's link, its origin (which must also
 * be the context a rate-limit `by` function sees) and the request's `@Sensitive` values.
 */
export function createClientFeatures(
  link: ClientLink,
  origin: RequestOrigin & ToolContext,
  services: ClientServices,
  sensitiveValues: () => readonly string[],
): ClientFeatures {
  const outgoing = new OutgoingRedactor(services.scrubber, sensitiveValues);
  let log: ClientLog | undefined;
  return {
    get log() {
      return (log ??= createClientLog(link, origin, outgoing));
    },
    elicit<T extends object>(
      dto: Class<T>,
      message: string,
      options?: ElicitOptions,
    ): Promise<ElicitResult<T>> {
      return elicit(link, origin, services.audit, outgoing, dto, message, options);
    },
    sample(request: SamplingRequest): Promise<SamplingResult> {
      return sample(link, origin, services.audit, outgoing, services.samplingLimit, request);
    },
    roots(): Promise<ClientRoot[]> {
      return clientRoots(link, origin, services.audit);
    },
    clientSupports: (capability) => link.session.supports(capability),
  };
}

/** What a context without a client connection offers: every feature says so. */
export const NO_CLIENT: ClientFeatures = {
  log: {
    debug: async () => {},
    info: async () => {},
    notice: async () => {},
    warning: async () => {},
    error: async () => {},
  },
  elicit: () => Promise.reject(new ToolError('no client connection: cannot ask the user for input')),
  sample: () => Promise.reject(new ToolError("no client connection: cannot use the client's model")),
  roots: () => Promise.reject(new ToolError('no client connection: no client roots')),
  clientSupports: () => false,
};
