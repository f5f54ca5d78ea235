import { hash } from 'node:crypto';
import { canonicalJSON } from './canonical-json';
import type { AuditRecord } from './record';

/**
 * `prevHash` of a file's first record. A fixed value rather than a per-file seed: a verifier needs nothing
 * but the file, and a file whose first record does not start from it has lost its head.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** `sha256(prevHash + canonicalJSON(record without hash))`, hex. */
export function hashRecord(record: Omit<AuditRecord, 'hash'> | Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = record as Record<string, unknown>;
  return hashCanonical(String(rest.prevHash ?? ''), canonicalJSON(rest));
}

/**
 * The same hash when the canonical JSON is already at hand (the writer reuses it for the line). One-shot
 * `crypto.hash` (Node ≥ 20.12): the same digest as `createHash().update(prevHash).update(canonical)`, in about a
 * fifth of the time (no Hash object per record).
 */
export function hashCanonical(prevHash: string, canonical: string): string {
  return hash('sha256', prevHash + canonical, 'hex');
}
