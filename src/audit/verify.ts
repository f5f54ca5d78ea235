import { createReadStream } from 'node:fs';
import { GENESIS_HASH, HASH_PATTERN, hashRecord } from './hash-chain';
import { MAX_LINE_BYTES } from './tail';

/** Why a line breaks the chain. */
export type AuditProblemCode =
  | 'not-json'
  | 'not-a-record'
  | 'modified'
  | 'chain-broken'
  | 'head-missing'
  | 'truncated'
  | 'empty-line'
  | 'line-too-long';

export interface AuditVerifyResult {
  ok: boolean;
  /** Records that verified (all of them when ok). */
  records: number;
  /** Hash of the last good record (GENESIS_HASH for an empty file). */
  lastHash: string;
  /** The first line that breaks the chain; 1-based line number. */
  firstBad?: { line: number; auditId?: string; code: AuditProblemCode; problem: string };
}

const PROBLEMS: Record<AuditProblemCode, string> = {
  'not-json': 'line is not JSON',
  'not-a-record': 'line is not an audit record (no valid hash / prevHash)',
  modified: 'record content does not match its hash (record modified)',
  'chain-broken':
    "prevHash does not match the previous record's hash (a record was deleted, inserted or reordered before this line)",
  'head-missing': 'first record does not start the chain (records deleted from the start of the file)',
  truncated: 'last line is cut short (torn write; no newline at the end of the file)',
  'empty-line': 'empty line',
  'line-too-long': `line is longer than ${MAX_LINE_BYTES} bytes`,
};

/**
 * Checks an audit file's hash chain, streaming it (constant memory for any file size). Stops at the first
 * broken link. A keyless chain proves that nothing was modified, inserted, reordered or deleted *before the
 * last record*; removing the newest records is only visible against an anchored hash (`AuditLog.head`).
 */
export async function verifyAuditLog(path: string): Promise<AuditVerifyResult> {
  let expected = GENESIS_HASH;
  let records = 0;
  let lineNo = 0;
  const fail = (code: AuditProblemCode, auditId?: unknown): AuditVerifyResult => ({
    ok: false,
    records,
    lastHash: expected,
    firstBad: {
      line: lineNo,
      ...(typeof auditId === 'string' ? { auditId } : {}),
      code,
      problem: PROBLEMS[code],
    },
  });
  const check = (line: Buffer, terminated: boolean): AuditVerifyResult | undefined => {
    lineNo++;
    if (line.length === 0) return fail('empty-line');
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line.toString('utf8'));
    } catch {
      return fail(terminated ? 'not-json' : 'truncated');
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return fail('not-a-record');
    const { hash, prevHash, auditId } = record;
    if (typeof hash !== 'string' || !HASH_PATTERN.test(hash) || typeof prevHash !== 'string') {
      return fail('not-a-record', auditId);
    }
    let actual: string;
    try {
      actual = hashRecord(record);
    } catch {
      return fail('not-a-record', auditId); // e.g. nested too deep to hash: not something we wrote
    }
    if (actual !== hash) return fail('modified', auditId);
    if (prevHash !== expected) return fail(records === 0 ? 'head-missing' : 'chain-broken', auditId);
    expected = hash;
    records++;
    return undefined;
  };

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const part = chunk.subarray(start, nl);
      const line = pending.length ? Buffer.concat([...pending, part]) : part;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      const bad = check(line, true);
      if (bad) return bad;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) {
        lineNo++;
        return fail('line-too-long');
      }
    }
  }
  if (pending.length) {
    const bad = check(Buffer.concat(pending), false);
    if (bad) return bad;
  }
  return { ok: true, records, lastHash: expected };
}
