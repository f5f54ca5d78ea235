import type { Container } from '../../container/container';
import { StartupError } from '../../errors';
import { ownerLabel } from '../../metadata/read-common';
import type { CapabilityDefinition } from '../../metadata/types';
import { SafeFetch } from '../../security/egress/safe-fetch';
import { SafeFs } from '../../security/paths/safe-fs';

/**
 * The container a tool's dependencies come from: the server's, or a child with a `SafeFetch` narrowed to the
 * tool's `@Egress` hosts. Also fails start-up when a tool injects `SafeFs` / `SafeFetch` the server did not
 * configure (`roots` / `network`), instead of failing its first call.
 */
export function toolContainer(definition: CapabilityDefinition, server: Container): Container {
  const owner = ownerLabel(definition.target, definition.kind, definition.name);
  const injects = (token: unknown) =>
    definition.paramTypes.includes(token) || [...definition.injectTokens.values()].includes(token);
  if (injects(SafeFs) && !server.isRegistered(SafeFs)) {
    throw new StartupError(
      `${owner} injects SafeFs but the server has no roots; set createServer({ roots: [...] })`,
    );
  }
  if ((injects(SafeFetch) || definition.egress) && !server.isRegistered(SafeFetch)) {
    throw new StartupError(
      `${owner} uses SafeFetch but the server has no network allowlist; set createServer({ network: { allow: [...] } })`,
    );
  }
  if (!definition.egress) return server;
  let narrowed: SafeFetch;
  try {
    narrowed = server.resolve(SafeFetch).narrow(definition.egress);
  } catch (error) {
    throw new StartupError(`${owner}: @Egress: ${(error as Error).message}`);
  }
  return server.createChild().register(SafeFetch, { useValue: narrowed });
}
