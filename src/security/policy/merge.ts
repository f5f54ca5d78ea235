import type { TeamPolicy } from './types';

/** Merges a base policy and a local one: local keys win; `network` is merged key by key. */
export function mergePolicies(base: TeamPolicy, local: TeamPolicy): TeamPolicy {
  const merged: TeamPolicy = { ...base, ...local };
  if (base.network || local.network) merged.network = { ...base.network, ...local.network };
  delete merged.extends;
  return merged;
}
