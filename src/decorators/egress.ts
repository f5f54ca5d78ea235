import { EGRESS } from '../metadata/keys';

/**
 * Narrows the hosts this tool's `SafeFetch` may reach to a subset of the server's `network.allow`
 * (exact names or `*.example.com`).
 */
export function Egress(...hosts: string[]): ClassDecorator {
  return (target) => Reflect.defineMetadata(EGRESS, [...hosts], target);
}
