import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../../src/audit';

/** A fresh temp dir per test, removed afterwards. */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-unit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

export function entry(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    auditId: `id-${n}`,
    tool: 'search_docs',
    principal: 'alice',
    sessionId: 'sess',
    requestId: String(n),
    outcome: 'success',
    durationMs: 1.5,
    args: { query: `q${n}` },
    ...extra,
  };
}
