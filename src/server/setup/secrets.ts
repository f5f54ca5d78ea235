import type { CapabilityDefinition } from '../../metadata/types';
import { SecretResolver, secretRequests } from '../../security/secrets/resolver';
import type { ServerOptions } from '../options';
import type { SecretLookup } from '../tool-factory';

/**
 * Resolves every `@Secret` of every tool once, at start-up (a missing one stops the server with the secret,
 * the tool and every place looked). The resolver's scrubber then knows every value.
 */
export async function resolveSecrets(
  options: ServerOptions,
  definitions: readonly CapabilityDefinition[],
): Promise<{ resolver: SecretResolver; lookup: SecretLookup }> {
  const resolver = new SecretResolver({ ...options.secrets, server: options.name });
  const requests = secretRequests([...definitions]);
  // The audit anchor key is resolved like any @Secret, so the scrubber knows it too.
  const anchorSecret = options.audit?.anchor?.secret;
  if (anchorSecret) requests.push({ name: anchorSecret, tool: 'audit.anchor (createServer option)' });
  const values = requests.length > 0 ? await resolver.resolveAll(requests) : new Map();
  return { resolver, lookup: (name) => values.get(name) };
}
