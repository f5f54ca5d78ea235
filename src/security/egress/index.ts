export { SafeFetch } from './safe-fetch';
export { NETWORK_DEFAULTS, type NetworkOptions } from './network-options';
export { EgressError, type EgressErrorCode } from './egress-errors';
export { refusedCategory, type AddressCategory, type AddressPolicy } from './address-policy';
export { HostAllowlist } from './host-allowlist';
export type { Lookup } from './pinned-connector';
