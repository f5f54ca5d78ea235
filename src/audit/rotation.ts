import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** When the active audit file is moved aside and a new one continues the chain. */
export interface AuditRotateOptions {
  /** Rotate before a record would make the file larger than this. */
  maxBytes?: number;
  /** Rotate when the file's first record is older than this. */
  maxAgeSeconds?: number;
}

const STAMP = String.raw`\d{8}T\d{9}Z(?:-\d+)?`;

function parts(file: string): { dir: string; stem: string; ext: string } {
  const ext = extname(file) || '';
  return { dir: dirname(file), stem: basename(file, ext), ext };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `audit.jsonl` at `time` → `audit.20261201T023000123Z.jsonl` (with `-N` until the name is free). */
export function archiveName(file: string, time: Date, taken: (path: string) => boolean): string {
  const { dir, stem, ext } = parts(file);
  const stamp = time.toISOString().replace(/[-:.]/g, '');
  for (let n = 0; ; n++) {
    const candidate = join(dir, `${stem}.${stamp}${n ? `-${n}` : ''}${ext}`);
    if (!taken(candidate)) return candidate;
  }
}

/** The rotated files of `file`, oldest first (their names sort by time). */
export function listArchives(file: string): string[] {
  const { dir, stem, ext } = parts(file);
  const pattern = new RegExp(`^${escape(stem)}\\.(${STAMP})${escape(ext)}$`);
  return readNames(dir)
    .filter((name) => pattern.test(name))
    .sort(byStamp(pattern))
    .map((name) => join(dir, name));
}

/**
 * The per-process chains written next to `file` while another process held it (`audit.pid4242.jsonl`), as
 * their active files (each with its own archives).
 */
export function listSegments(file: string): string[] {
  const { dir, stem, ext } = parts(file);
  const pattern = new RegExp(`^${escape(stem)}\\.pid\\d+(?:-\\d+)?${escape(ext)}$`);
  return readNames(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** The file a process writes when `file` is held by another: `audit.pid4242.jsonl`, then `…-2`… */
export function segmentName(file: string, pid: number, n: number): string {
  const { dir, stem, ext } = parts(file);
  return join(dir, `${stem}.pid${pid}${n > 1 ? `-${n}` : ''}${ext}`);
}

function readNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function byStamp(pattern: RegExp): (a: string, b: string) => number {
  const key = (name: string) => {
    const [stamp, n = '0'] = pattern.exec(name)![1].split('-');
    return [stamp, Number(n)] as const;
  };
  return (a, b) => {
    const [sa, na] = key(a);
    const [sb, nb] = key(b);
    return sa < sb ? -1 : sa > sb ? 1 : na - nb;
  };
}
