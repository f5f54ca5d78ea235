import { closeSync, constants, createReadStream, fstatSync, openSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { canonicalJSON } from './canonical-json';
import {
  ANCHOR_LINE_TYPE,
  anchorKeyId,
  checkpointMac,
  CHECKPOINT_REASON,
  macEquals,
  readCheckpointArgs,
  type AnchorLine,
} from './checkpoint';
import { GENESIS_HASH, HASH_PATTERN, hashCanonical } from './hash-chain';
import { listArchives } from './rotation';
import { serializeLine } from './serialize';
import { MAX_LINE_BYTES } from './tail';

const SELF_TOOL = 'secure-mcp.audit';

/** Why a line breaks the chain. */
export type AuditProblemCode =
  | 'not-json'
  | 'not-a-record'
  | 'not-canonical'
  | 'modified'
  | 'chain-broken'
  | 'seq-broken'
  | 'head-missing'
  | 'truncated'
  | 'empty-line'
  | 'line-too-long'
  | 'checkpoint-invalid'
  | 'checkpoint-missing'
  | 'anchor-mismatch'
  | 'anchor-ahead';

export interface AuditVerifyOptions {
  /**
   * The anchor key (HMAC-SHA256). With it every checkpoint's signature is checked, at least one checkpoint
   * is required, and no run of records between checkpoints may be longer than the writer's `every`.
   */
  anchorKey?: string;
  /** An external anchor sink file (`audit.anchor.file`): each of its checkpoints must be in the chain. */
  anchorFile?: string;
  /** Verify only this file; by default the rotated files before it are walked first, as one chain. */
  single?: boolean;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Records that verified (all of them when ok). */
  records: number;
  /** Hash of the last good record (GENESIS_HASH for an empty file). */
  lastHash: string;
  /** The files walked, oldest first (rotated files, then the active one). */
  files: string[];
  /** Checkpoints found (signature-checked when a key was given). */
  checkpoints: number;
  /** Records after the last checkpoint: not covered by a signature yet. */
  unanchored: number;
  /** The first line that breaks the chain; 1-based line number in `file`. */
  firstBad?: { file: string; line: number; auditId?: string; code: AuditProblemCode; problem: string };
}

const PROBLEMS: Record<AuditProblemCode, string> = {
  'not-json': 'line is not JSON',
  'not-a-record': 'line is not an audit record (no valid hash / prevHash)',
  'not-canonical':
    'line is not byte-for-byte what the writer produces (keys reordered or repeated, escapes, whitespace, CRLF or numbers re-encoded)',
  modified: 'record content does not match its hash (record modified)',
  'chain-broken':
    "prevHash does not match the previous record's hash (a record was deleted, inserted or reordered before this line)",
  'seq-broken': 'seq does not follow the previous record (a record was deleted or inserted)',
  'head-missing': 'first record does not start the chain (records or rotated files deleted from the start)',
  truncated: 'last line is cut short (torn write; no newline at the end of the file)',
  'empty-line': 'empty line',
  'line-too-long': `line is longer than ${MAX_LINE_BYTES} bytes`,
  'checkpoint-invalid':
    'checkpoint signature does not match (the chain before it was rewritten, or it was signed with another key)',
  'checkpoint-missing':
    'more records without a checkpoint than the writer allows (checkpoints removed, or the chain re-written without the key)',
  'anchor-mismatch':
    'a checkpoint in the anchor file does not match the chain here (the chain was rewritten)',
  'anchor-ahead':
    'the anchor file has checkpoints after the end of the chain (the newest records were deleted)',
};

/**
 * Checks an audit log, streaming it (constant memory for any size), walking its rotated files first.
 * Each line must be byte-for-byte the line the writer produces, hash to its `hash`, chain to the previous
 * record and carry the next `seq`; with a key, checkpoint signatures and their spacing are checked; with an
 * anchor file, its checkpoints must all be in the chain. Stops at the first problem.
 *
 * Without a key or anchor file it proves that nothing was modified, inserted, reordered or deleted *before
 * the last record* unless every later record was re-hashed; it cannot see the newest records deleted or the
 * whole file re-chained. See docs/audit.md, "What verify detects".
 */
export async function verifyAuditLog(
  path: string,
  options: AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const files = options.single ? [path] : [...listArchives(path), path];
  const anchors = options.anchorFile ? readAnchorFile(options.anchorFile, basename(path)) : undefined;
  const walk = new ChainWalk(options.anchorKey, anchors);
  for (const file of files) {
    const bad = await walk.file(file);
    if (bad) return walk.result(files, bad);
  }
  return walk.result(files, walk.finish());
}

type SeenAnchor = AnchorLine & { matched?: boolean };

interface Bad {
  file: string;
  line: number;
  auditId?: unknown;
  code: AuditProblemCode;
}

/** The state of one chain walked across its files. */
class ChainWalk {
  private expected = GENESIS_HASH;
  private seq: number | undefined = 0;
  /** `seq` of the first record walked (rotated files before it may have been removed on purpose). */
  private firstSeq?: number;
  private records = 0;
  private checkpoints = 0;
  private sinceCheckpoint = 0;
  private every?: number;
  private readonly keyId?: string;
  private currentFile = '';
  private lineNo = 0;

  constructor(
    private readonly key: string | undefined,
    private readonly anchors: Map<number, SeenAnchor> | undefined,
  ) {
    this.keyId = key === undefined ? undefined : anchorKeyId(key);
  }

  async file(path: string): Promise<Bad | undefined> {
    this.currentFile = path;
    this.lineNo = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const fd = openRegularFile(path);
    for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const part = chunk.subarray(start, nl);
        const line = pending.length ? Buffer.concat([...pending, part]) : part;
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
        const bad = this.line(line, true);
        if (bad) return bad;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) {
          this.lineNo++;
          return this.bad('line-too-long');
        }
      }
    }
    return pending.length ? this.line(Buffer.concat(pending), false) : undefined;
  }

  /** End-of-chain checks: a signed chain ends within `every` records of its last checkpoint; anchors behind. */
  finish(): Bad | undefined {
    if (this.key !== undefined && this.records > 0 && this.checkpoints === 0)
      return this.bad('checkpoint-missing');
    if (this.every !== undefined && this.sinceCheckpoint > this.every) return this.bad('checkpoint-missing');
    if (this.anchors) {
      for (const [seq, anchor] of this.anchors) {
        if (this.firstSeq !== undefined && seq < this.firstSeq) continue;
        if (seq > (this.seq ?? 0)) return this.bad('anchor-ahead');
        if (!anchor.matched) return this.bad('anchor-mismatch');
      }
    }
    return undefined;
  }

  result(files: string[], bad: Bad | undefined): AuditVerifyResult {
    return {
      ok: bad === undefined,
      records: this.records,
      lastHash: this.expected,
      files,
      checkpoints: this.checkpoints,
      unanchored: this.sinceCheckpoint,
      ...(bad
        ? {
            firstBad: {
              file: bad.file,
              line: bad.line,
              ...(typeof bad.auditId === 'string' ? { auditId: bad.auditId } : {}),
              code: bad.code,
              problem: PROBLEMS[bad.code],
            },
          }
        : {}),
    };
  }

  private bad(code: AuditProblemCode, auditId?: unknown): Bad {
    return { file: this.currentFile, line: this.lineNo, auditId, code };
  }

  private line(line: Buffer, terminated: boolean): Bad | undefined {
    this.lineNo++;
    if (line.length === 0) return this.bad('empty-line');
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line.toString('utf8'));
    } catch {
      return this.bad(terminated ? 'not-json' : 'truncated');
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      return this.bad('not-a-record');
    const { hash, ...body } = record;
    const { prevHash, auditId } = record;
    if (typeof hash !== 'string' || !HASH_PATTERN.test(hash) || typeof prevHash !== 'string')
      return this.bad('not-a-record', auditId);
    if (!terminated) return this.bad('truncated', auditId);
    let canonical: string;
    try {
      canonical = canonicalJSON(body);
    } catch {
      return this.bad('not-a-record', auditId); // e.g. nested too deep to hash: not something we wrote
    }
    if (hashCanonical(prevHash, canonical) !== hash) return this.bad('modified', auditId);
    // One byte form per record: what the writer would write for the parsed values.
    if (!Buffer.from(serializeLine(canonical, hash), 'utf8').equals(line))
      return this.bad('not-canonical', auditId);
    if (prevHash !== this.expected)
      return this.bad(this.records === 0 ? 'head-missing' : 'chain-broken', auditId);
    const seqBad = this.checkSeq(record.seq, auditId);
    if (seqBad) return seqBad;
    const isCheckpoint = record.tool === SELF_TOOL && record.reason === CHECKPOINT_REASON;
    if (isCheckpoint) {
      const cpBad = this.checkpoint(record, hash);
      if (cpBad) return cpBad;
    } else {
      this.sinceCheckpoint++;
      if (this.every !== undefined && this.sinceCheckpoint > this.every)
        return this.bad('checkpoint-missing', auditId);
    }
    this.expected = hash;
    this.records++;
    return undefined;
  }

  /** `seq` continues the previous one; a chain's first record is 1 (records written before seq existed pass). */
  private checkSeq(seq: unknown, auditId: unknown): Bad | undefined {
    if (seq === undefined) {
      if (this.seq !== undefined && this.records > 0) return this.bad('seq-broken', auditId);
      this.seq = undefined;
      return undefined;
    }
    if (!Number.isSafeInteger(seq)) return this.bad('seq-broken', auditId);
    if (this.seq !== undefined && seq !== this.seq + 1) return this.bad('seq-broken', auditId);
    this.seq = seq as number;
    this.firstSeq ??= this.seq;
    return undefined;
  }

  private checkpoint(record: Record<string, unknown>, hash: string): Bad | undefined {
    const args = readCheckpointArgs(record.args);
    const { auditId } = record;
    if (this.key !== undefined) {
      if (!args || typeof record.seq !== 'number' || typeof record.time !== 'string')
        return this.bad('checkpoint-invalid', auditId);
      const mac = checkpointMac(this.key, {
        server: String(record.server),
        seq: record.seq,
        time: record.time,
        prevHash: String(record.prevHash),
        every: args.every,
      });
      if (!macEquals(mac, args.mac)) return this.bad('checkpoint-invalid', auditId);
      this.every = args.every;
    }
    const anchor = typeof record.seq === 'number' ? this.anchors?.get(record.seq) : undefined;
    if (anchor) {
      if (anchor.prevHash !== record.prevHash || anchor.hash !== hash || anchor.mac !== args?.mac)
        return this.bad('anchor-mismatch', auditId);
      anchor.matched = true;
    }
    this.checkpoints++;
    this.sinceCheckpoint = 0;
    return undefined;
  }
}

/**
 * The anchor file's checkpoints of one chain (lines whose `log` is the active file's base name), by seq.
 * Small (one line per `every` records), so read whole.
 */
function readAnchorFile(file: string, log: string): Map<number, SeenAnchor> {
  const anchors = new Map<number, SeenAnchor>();
  const fd = openRegularFile(file);
  let text: string;
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_ANCHOR_FILE_BYTES)
      throw new Error(`anchor file ${file} is larger than ${MAX_ANCHOR_FILE_BYTES} bytes`);
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    let parsed: AnchorLine;
    try {
      parsed = JSON.parse(line) as AnchorLine;
    } catch {
      continue;
    }
    if (parsed?.type !== ANCHOR_LINE_TYPE || parsed.log !== log || !Number.isSafeInteger(parsed.seq))
      continue;
    anchors.set(parsed.seq, parsed);
  }
  return anchors;
}

/** One line per `every` records: 64 MiB is tens of millions of checkpoints. */
const MAX_ANCHOR_FILE_BYTES = 64 * 1024 * 1024;

/** Opens for reading without blocking on a FIFO; refuses anything but a regular file (a device never ends). */
function openRegularFile(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Error(`${path} is not a regular file`);
  }
  return fd;
}
