import { canonicalJSON } from './canonical-json';
import type { AuditRecord } from './record';

/** The fields of a record that its hash covers (all but `hash`). */
export type RecordBody = Omit<AuditRecord, 'hash'>;

// Every field a record body can have, sorted as canonicalJSON sorts keys (by UTF-16 code units). Checked
// against canonicalJSON by test/unit/audit/canonical-record.test.ts; a new AuditRecord field must be added here.
const KEYS = [
  'action',
  'args',
  'auditId',
  'durationMs',
  'kind',
  'outcome',
  'parentAuditId',
  'prevHash',
  'principal',
  'reason',
  'request',
  'requestId',
  'seq',
  'server',
  'sessionId',
  'time',
  'tool',
  'uri',
] as const satisfies ReadonlyArray<keyof RecordBody>;

// A field missing from KEYS would be left out of the hash (changeable without detection): make that a
// compile error rather than a test that random records may or may not reach.
type Unlisted = Exclude<keyof RecordBody, (typeof KEYS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

const PREFIXES = KEYS.map((key) => JSON.stringify(key) + ':');

/**
 * `canonicalJSON(body)` for the known shape of a record, without sorting or quoting its keys on every call
 * (the writer's hot path; the verifier keeps the generic canonicalJSON of what it parsed). Only the fields
 * in KEYS are read: the writer builds bodies with exactly these fields.
 */
export function canonicalRecord(body: RecordBody): string {
  const fields = body as unknown as Record<string, unknown>;
  let out = '{';
  for (let i = 0; i < KEYS.length; i++) {
    const value = fields[KEYS[i]];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += PREFIXES[i] + (typeof value === 'string' ? JSON.stringify(value) : canonicalJSON(value));
  }
  return out + '}';
}
