import type { TeamPolicy } from './types';

/**
 * Merges a base policy and a local one: local keys win; `network` is merged key by key; `locked` is the
 * union of both (a local file cannot unlock).
 */
export function mergePolicies(base: TeamPolicy, local: TeamPolicy): TeamPolicy {
  const merged: TeamPolicy = { ...base, ...local };
  if (base.network || local.network) merged.network = { ...base.network, ...local.network };
  if (base.locked || local.locked)
    merged.locked = [...new Set([...(base.locked ?? []), ...(local.locked ?? [])])];
  delete merged.extends;
  return merged;
}
