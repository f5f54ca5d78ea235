import { AsyncLocalStorage } from 'node:async_hooks';
import { isInside, type Root } from './roots';

/**
 * The roots one request may use when `SafeFs` follows the client's roots: `base` maps relative and absolute
 * paths (the configured roots, or the client's in `'only'` mode), `allowed` is where real paths must end up
 * (the intersection). `reason` says why nothing is allowed, in words for the client.
 */
export interface RootScope {
  readonly base: readonly Root[];
  readonly allowed: readonly string[];
  readonly reason?: string;
}

const storage = new AsyncLocalStorage<RootScope>();

/** Runs `fn` (a request) with `scope` as the roots every `SafeFs` that follows client roots sees. */
export function runInRootScope<T>(scope: RootScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the request being served, if any. */
export function currentRootScope(): RootScope | undefined {
  return storage.getStore();
}

/**
 * The scope of a request whose client shares `client` (real paths; `undefined` when the client has no roots
 * capability). `'only'`: the client's roots. `'narrow'`: the configured roots intersected with the client's
 * (a client root inside a configured one, or a configured root inside a client one); a client without roots
 * leaves the configured roots in force.
 */
export function clientRootScope(
  mode: 'only' | 'narrow',
  configured: readonly Root[],
  client: readonly Root[] | undefined,
): RootScope {
  if (mode === 'only') {
    if (client === undefined) {
      return {
        base: [],
        allowed: [],
        reason:
          'this server uses the client\'s roots for file access and the client shares none (no "roots" capability)',
      };
    }
    const allowed = client.map((r) => r.real);
    return client.length
      ? { base: client, allowed }
      : { base: [], allowed: [], reason: 'the client shares no roots, so no file may be used' };
  }
  const configuredReal = configured.map((r) => r.real);
  if (client === undefined) return { base: configured, allowed: configuredReal };
  const allowed = new Set<string>();
  for (const c of client) {
    for (const r of configuredReal) {
      if (isInside(c.real, [r])) allowed.add(c.real);
      else if (isInside(r, [c.real])) allowed.add(r);
    }
  }
  return allowed.size
    ? { base: configured, allowed: [...allowed] }
    : { base: configured, allowed: [], reason: "none of the server's roots lies inside the client's roots" };
}
