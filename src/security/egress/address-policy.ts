import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why an address is refused, as a phrase that completes "resolves to a ... address". The category is all
 * an error message may say: the concrete internal address is never shown to the client.
 */
export type AddressCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cloud metadata'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'reserved'
  | 'unique-local'
  | 'IPv6 transition'
  | 'invalid';

export interface AddressPolicy {
  /** Refuse every non-public range (default true). When false, only cloud metadata addresses are refused. */
  denyPrivate: boolean;
  /** TEST ONLY: let 127.0.0.1 and ::1 through so that tests can reach local servers. */
  allowLoopback: boolean;
}

/**
 * Cloud metadata endpoints. Most are inside ranges refused anyway; they are listed so that they stay
 * refused with `denyPrivate: false`, and because Azure's wire server (168.63.129.16) is a public address.
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
  '169.254.170.2', // AWS ECS task metadata
  '169.254.170.23', // AWS EKS pod identity
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure wire server
  '192.0.0.192', // Oracle Cloud (legacy)
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS pod identity over IPv6
]);

const V4_CATEGORY: Record<string, AddressCategory> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved',
  as112: 'reserved',
  amt: 'reserved',
};

const V6_CATEGORY: Record<string, AddressCategory> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'private',
  // 6to4 and Teredo tunnel to an embedded IPv4 host; they are deprecated, so refuse them outright
  // rather than decode every embedding.
  '6to4': 'IPv6 transition',
  teredo: 'IPv6 transition',
};

/** Global unicast 2000::/3: the only IPv6 space that holds ordinary public hosts. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Returns why `address` (an IP literal as DNS or a URL gives it) must not be contacted, or `undefined`
 * when it may be. Deny by default: anything that is not plainly public unicast is refused.
 */
export function refusedCategory(address: string, policy: AddressPolicy): AddressCategory | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // Strict syntax first (node's parser); ipaddr.js alone also accepts "127.1", "0x7f.1" and the like.
  // Those spellings never reach here from a URL (WHATWG normalises them) or from DNS, and an odd spelling
  // from anywhere else is not worth the risk.
  if (isIP(bare) === 0) return 'invalid';
  const ip = ipaddr.parse(bare);
  // Canonical text (toString) so that every spelling of fd00:ec2::254 hits the set.
  if (METADATA_ADDRESSES.has(ip.toString())) return 'cloud metadata';
  const category = ip.kind() === 'ipv4' ? v4Category(ip as ipaddr.IPv4) : v6Category(ip as ipaddr.IPv6);
  if (category === undefined) return undefined;
  if (category === 'cloud metadata') return category;
  if (policy.allowLoopback && category === 'loopback' && isPlainLoopback(bare)) return undefined;
  return policy.denyPrivate ? category : undefined;
}

function v4Category(ip: ipaddr.IPv4): AddressCategory | undefined {
  if (METADATA_ADDRESSES.has(ip.toString())) return 'cloud metadata';
  const range = ip.range();
  if (range === 'unicast') return undefined;
  return V4_CATEGORY[range] ?? 'reserved';
}

function v6Category(ip: ipaddr.IPv6): AddressCategory | undefined {
  const range = ip.range();
  // Forms that carry an IPv4 address: judge the IPv4 address they lead to.
  if (range === 'ipv4Mapped' || range === 'rfc6145') return v4Category(lastFourBytes(ip));
  if (range === 'rfc6052') {
    // Only the well-known NAT64 prefix 64:ff9b::/96 keeps the IPv4 address in the last 32 bits (DNS64
    // networks use it for public hosts). The local-use 64:ff9b:1::/48 spreads it out: refuse it.
    return ip.match(ipaddr.parseCIDR('64:ff9b::/96')) ? v4Category(lastFourBytes(ip)) : 'IPv6 transition';
  }
  if (range in V6_CATEGORY) return V6_CATEGORY[range];
  if (range === 'unicast' && ip.match(GLOBAL_UNICAST_V6)) return undefined;
  // Everything else: documentation, benchmarking, ORCHID, discard, segment routing, and unicast outside
  // 2000::/3, which includes the deprecated IPv4-compatible form ::a.b.c.d (::7f00:1).
  return 'reserved';
}

function lastFourBytes(ip: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = ip.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

/**
 * The test-only loophole covers exactly the addresses local test servers listen on: not the rest of
 * 127.0.0.0/8, and never mapped or embedded forms.
 */
function isPlainLoopback(bare: string): boolean {
  return bare === '127.0.0.1' || bare === '::1';
}
