import { isIP } from 'node:net';
import type { buildConnector } from 'undici';
import { refusedCategory, type AddressPolicy } from './address-policy';
import { egressErrors } from './egress-errors';

export type Lookup = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

/**
 * An undici connector that resolves the host name itself, refuses the connection when any resolved
 * address is forbidden, and then connects to exactly the address it checked. There is no second lookup
 * for an attacker's DNS server to answer differently (DNS rebinding), and IP-literal hosts are checked
 * here too (net.connect would skip a `lookup` hook for them). TLS keeps the original name for SNI and
 * certificate checks; undici builds the Host header from the origin, so it keeps the name as well.
 */
export function pinnedConnector(lookup: Lookup, policy: AddressPolicy): buildConnector.connector {
  // undici is loaded on first use: a server without `network` never pays its import time.
  const connect = (require('undici') as typeof import('undici')).buildConnector({});
  return (options, callback) => {
    checkedAddress(options.hostname, lookup, policy).then(
      (address) => {
        const servername = isIP(options.hostname) === 0 ? options.hostname : undefined;
        try {
          connect({ ...options, hostname: address, servername }, callback);
        } catch (error) {
          callback(error as Error, null);
        }
      },
      (error: Error) => callback(error, null),
    );
  };
}

/** Resolves `hostname` (or takes it as is when it is an IP literal) and returns the address to use. */
export async function checkedAddress(
  hostname: string,
  lookup: Lookup,
  policy: AddressPolicy,
): Promise<string> {
  let addresses: string[];
  if (isIP(hostname) !== 0) {
    addresses = [hostname];
  } else {
    try {
      addresses = (await lookup(hostname)).map((entry) => entry.address);
    } catch (error) {
      throw egressErrors.resolve(hostname, error);
    }
    if (addresses.length === 0) throw egressErrors.resolve(hostname, undefined);
  }
  // Refuse when any answer is forbidden, not only the one we would use: a mixed answer is a
  // rebinding setup, and a later connection (or a retry by the OS) could pick another entry.
  for (const address of addresses) {
    const category = refusedCategory(address, policy);
    if (category !== undefined) throw egressErrors.address(hostname, category);
  }
  return addresses[0];
}
