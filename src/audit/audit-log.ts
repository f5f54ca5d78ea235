import { existsSync, renameSync, rmSync } from 'node:fs';
import {
  redactArgs,
  capString,
  DEFAULT_MAX_ARG_BYTES,
  DEFAULT_MAX_STRING_LENGTH,
} from '../security/redaction';
import type { LogTransport } from '../logging/log-transport';
import { dirname } from 'node:path';
import { Anchor, type AuditAnchorOptions } from './anchor';
import { AppendFile } from './append-file';
import { CHECKPOINT_REASON } from './checkpoint';
import { createFanout } from './create-fanout';
import type { AuditFanout } from './fanout';
import { canonicalRecord } from './canonical-record';
import { GENESIS_HASH, HASH_PATTERN, hashCanonical } from './hash-chain';
import { FileLock } from './lock';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry, type AuditRecord } from './record';
import { archiveName, listArchives, segmentName, type AuditRotateOptions } from './rotation';
import { secureDirectory, type AuditWarn } from './secure-open';
import { serializeCanonical } from './serialize';
import { readTailOf } from './tail';

export const DEFAULT_AUDIT_FILE = 'logs/audit.jsonl';
/** `tool` of the records the log writes about itself (repairs, checkpoints). */
export const AUDIT_SELF_TOOL = 'secure-mcp.audit';

/** Where audit records go. */
export interface AuditSinkOptions {
  /** The hash-chained JSON-lines file. Default `logs/audit.jsonl` (relative to the working directory). */
  file?: string;
  /** Extra transports that get a copy of every record (never stdout): plain `{ log(entry, done) }` or winston's. */
  transports?: LogTransport[];
  /** Cap of the redacted `args` as JSON bytes; larger args become a summary. Default 8192. */
  maxArgBytes?: number;
  /** Cap of every string in a record (args, reason, ids). Default 1024. */
  maxStringLength?: number;
  /** fdatasync after every record: survives power loss, not only a crash; about 100x slower. Default false. */
  fsync?: boolean;
  /** How long `close()` waits for the extra transports to flush. Default 5000. */
  closeTimeoutMs?: number;
  /** Signed checkpoints (HMAC-SHA256) every N records / M seconds, optionally copied to an external sink. */
  anchor?: AuditAnchorOptions;
  /** Rotation by size or age; the new file's first record chains to the previous file's last. */
  rotate?: AuditRotateOptions;
}

export interface AuditLogOptions extends AuditSinkOptions {
  server: string;
  /** Replaces known secret values in a string (from the secrets module); applied to every string. */
  scrub?: (s: string) => string;
  /** Clock, for tests. */
  now?: () => Date;
  /** Where the log reports what it fixed or worked around (another process on the file, modes). Default stderr. */
  warn?: (message: string) => void;
  /**
   * The file's directory holds audit data only: keep it `0700`, tightening it on every open. `createServer`
   * sets this for its default file (`<state dir>/audit/`). Other directories are never chmod-ed, only refused
   * when others can write to them.
   */
  privateDirectory?: boolean;
}

type Body = Omit<AuditRecord, 'hash'>;
/** A record body being built field by field (optional fields only when present). */
type Fields = Partial<Omit<Body, 'seq' | 'prevHash'>>;

const stderrWarn: AuditWarn = (message) => process.stderr.write(`secure-mcp: ${message}\n`);

/**
 * The audit log of one server process: appends one hash-chained record per call, in the kernel before the
 * result goes to the client (`write` synchronously; `commit` batches the records of concurrent calls into one
 * write and resolves after it). Opening an existing file continues its chain.
 * One process per file: a second process finding the file locked writes a chain of its own next to it
 * (`audit.pid<pid>.jsonl`) and says so.
 */
export class AuditLog {
  /** The file this process writes (the requested one, or its own segment when another process holds it). */
  readonly file: string;
  private readonly requested: string;
  private out!: AppendFile;
  private readonly lock: FileLock;
  private readonly fanout?: AuditFanout;
  private readonly anchor?: Anchor;
  private anchorTimer?: NodeJS.Timeout;
  private readonly maxArgBytes: number;
  private readonly maxStringLength: number;
  private readonly scrub?: (s: string) => string;
  private readonly now: () => Date;
  private readonly warn: AuditWarn;
  private readonly server: string;
  private readonly fsync?: boolean;
  private rotate?: AuditRotateOptions;
  private readonly privateDir: boolean;
  private lastHash = GENESIS_HASH;
  private seq = 0;
  /** Chain position of the last record actually written (a failed batch rolls back to it). */
  private writtenHash = GENESIS_HASH;
  private writtenSeq = 0;
  /** Lines chained but not yet written, their records, and the calls waiting for them. */
  private pending: string[] = [];
  private pendingRecords: AuditRecord[] = [];
  private waiters: Array<{
    record: AuditRecord;
    resolve: (r: AuditRecord) => void;
    reject: (e: Error) => void;
  }> = [];
  /** Calls between enter() and commit()/leave(), and which flushes are queued. */
  private running = 0;
  private tickQueued = false;
  private immediateQueued = false;
  /** Time (ms) of the first record in the active file, for rotation by age. */
  private fileStartedAt?: number;
  private closing?: Promise<void>;

  constructor(options: AuditLogOptions) {
    const requested = options.file ?? DEFAULT_AUDIT_FILE;
    this.requested = requested;
    this.maxArgBytes = options.maxArgBytes ?? DEFAULT_MAX_ARG_BYTES;
    this.maxStringLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
    this.scrub = options.scrub;
    this.now = options.now ?? (() => new Date());
    this.warn = options.warn ?? stderrWarn;
    this.server = this.text(options.server);
    this.fsync = options.fsync;
    this.rotate = options.rotate;
    this.privateDir = options.privateDirectory === true;
    const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    // Transports are checked (never stdout) and the anchor key before the file is opened: a refusal leaks nothing.
    if (options.transports?.length) this.fanout = createFanout(options.transports, closeTimeoutMs);
    if (options.anchor) {
      const key = options.anchor.key;
      if (!key) throw new Error('audit.anchor needs its key (createServer resolves audit.anchor.secret)');
      this.anchor = new Anchor(key, options.anchor, this.warn, closeTimeoutMs);
    }
    try {
      secureDirectory(dirname(requested), this.warn, this.privateDir);
      const claimed = claimFile(requested, this.warn);
      this.file = claimed.path;
      this.lock = claimed.lock;
    } catch (error) {
      void this.anchor?.close();
      throw error;
    }
    try {
      this.out = new AppendFile(this.file, this.fsync, this.warn);
      const last = this.resumeChain();
      // Opening checkpoint: signs whatever the previous run left unsigned (or starts a new chain signed).
      if (this.anchor && !last?.checkpoint) this.checkpoint();
    } catch (error) {
      this.out?.close();
      this.lock.release();
      void this.anchor?.close();
      throw error;
    }
  }

  /** Hash of the last record written (anchor it elsewhere to detect deletion of the newest records). */
  get head(): string {
    return this.lastHash;
  }

  /**
   * Redacts, chains and appends one record; returns it. Synchronous: when it returns, the line is in the
   * kernel (a SIGKILL right after loses nothing). Throws if the file cannot be written or the log is closed;
   * the caller should then not hand the result to the client (no result without its audit record).
   */
  write(entry: AuditEntry): AuditRecord {
    const record = this.enqueue(entry);
    this.flush();
    return record;
  }

  /**
   * Notes a call that may {@link commit} a record later (the audit step calls it when a call starts, and
   * {@link leave} or `commit` when it ends): the group commit waits for running calls only while some are.
   */
  enter(): void {
    this.running++;
  }

  /** A call counted by {@link enter} ended without a record. */
  leave(): void {
    this.running = Math.max(0, this.running - 1);
    if (this.running === 0 && this.pending.length > 0) this.scheduleFlush(true);
  }

  /**
   * Group commit: chains the record now (its place in the chain is fixed) and resolves once it is in the
   * kernel, written with the records of other calls in one `write(2)` (and one fdatasync with `fsync`). When
   * every running call (see {@link enter}) is waiting for the batch, it is written as soon as the current
   * microtasks have run; while others still run (their I/O pending), at the end of this turn of the event
   * loop, so that those finishing in the same turn join it. Rejects if the write fails: the caller must then
   * withhold the result, exactly as with {@link write}.
   */
  commit(entry: AuditEntry, entered = true): Promise<AuditRecord> {
    if (entered) this.running = Math.max(0, this.running - 1);
    try {
      const record = this.enqueue(entry);
      return new Promise<AuditRecord>((resolve, reject) => {
        this.waiters.push({ record, resolve, reject });
        this.scheduleFlush(this.running === 0);
      });
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private scheduleFlush(now: boolean): void {
    if (now) {
      if (this.tickQueued) return;
      this.tickQueued = true;
      process.nextTick(this.flushLater);
    } else if (!this.immediateQueued) {
      this.immediateQueued = true;
      setImmediate(this.flushLater);
    }
  }

  /** Redacts and chains one record into the pending batch (not yet written). */
  private enqueue(entry: AuditEntry): AuditRecord {
    if (this.closing) throw new Error(`audit log ${this.file} is closed`);
    if (!AUDIT_OUTCOMES.includes(entry.outcome))
      throw new TypeError(`invalid audit outcome ${String(entry.outcome)}`);
    // Rotation (which may append a checkpoint) only between batches: a batch is written to one file in order.
    if (this.rotate && this.pending.length === 0) this.rotateIfDue();
    // Optional fields are assigned only when present (no spread of a temporary object per field): the
    // record keeps the same key order as before, for the extra transports.
    const fields: Fields = {
      auditId: this.text(entry.auditId),
      time: this.now().toISOString(),
      server: this.server,
      tool: this.text(entry.tool),
    };
    if (entry.kind === 'resource' || entry.kind === 'prompt') fields.kind = entry.kind;
    if (entry.action !== undefined && AUDIT_ACTIONS.includes(entry.action)) fields.action = entry.action;
    if (entry.uri !== undefined) fields.uri = this.text(entry.uri);
    fields.principal = this.text(entry.principal);
    fields.sessionId = this.text(entry.sessionId);
    fields.requestId = this.text(entry.requestId);
    fields.outcome = entry.outcome;
    if (entry.request !== undefined) fields.request = this.text(entry.request);
    if (entry.parentAuditId !== undefined) fields.parentAuditId = this.text(entry.parentAuditId);
    if (entry.reason !== undefined) fields.reason = this.text(entry.reason);
    fields.durationMs = Number.isFinite(entry.durationMs)
      ? Math.round(Math.max(0, entry.durationMs) * 1000) / 1000
      : 0;
    if (entry.args !== undefined)
      fields.args = redactArgs(entry.args, {
        sensitive: entry.sensitive,
        maxBytes: this.maxArgBytes,
        maxStringLength: this.maxStringLength,
        scrub: this.scrub,
      });
    return this.append(fields as Omit<Body, 'seq' | 'prevHash'>);
  }

  // Both queued flushes call this; the later one usually finds nothing pending.
  private readonly flushLater = (): void => {
    this.tickQueued = false;
    this.immediateQueued = false;
    try {
      this.flush();
    } catch {
      // flush() rejected the waiters of the failed batch; nothing else to report here.
    }
  };

  /**
   * Writes the pending batch in one append. On success the records go to the transports and the anchor and
   * the waiters resolve; on failure the chain goes back to the last written record and the waiters reject.
   */
  private flush(): void {
    if (this.pending.length === 0) return;
    const lines = this.pending;
    const records = this.pendingRecords;
    const waiters = this.waiters;
    this.pending = [];
    this.pendingRecords = [];
    this.waiters = [];
    try {
      this.out.append(lines.length === 1 ? lines[0] : lines.join(''));
    } catch (error) {
      this.lastHash = this.writtenHash;
      this.seq = this.writtenSeq;
      for (const w of waiters) w.reject(error as Error);
      throw error;
    }
    this.writtenHash = this.lastHash;
    this.writtenSeq = this.seq;
    if (this.fanout) for (const r of records) this.fanout.send(r);
    // Checkpoint records are not counted (they sign); calls are.
    const calls = records.reduce(
      (n, r) => (r.reason === CHECKPOINT_REASON && r.tool === AUDIT_SELF_TOOL ? n : n + 1),
      0,
    );
    try {
      if (this.anchor && calls > 0) this.anchorAfterRecords(this.anchor, calls);
    } catch (error) {
      // As before batching: a due checkpoint that cannot be written fails the calls that made it due.
      for (const w of waiters) w.reject(error as Error);
      throw error;
    }
    for (const w of waiters) w.resolve(w.record);
  }

  /** Signs the records not yet covered, writes pending checkpoints, flushes the transports, closes. Idempotent. */
  close(): Promise<void> {
    if (!this.closing && this.pending.length > 0) {
      this.flushLater();
    }
    this.closing ??= (async () => {
      clearTimeout(this.anchorTimer);
      if (this.anchor && this.anchor.pending > 0 && !this.out.closed) this.safeCheckpoint();
      const unused = this.file !== this.requested && this.out.size === 0;
      this.out.close();
      if (unused) rmSync(this.file, { force: true }); // a segment that never got a record
      this.lock.release();
      await Promise.all([this.fanout?.close(), this.anchor?.close()]);
    })();
    return this.closing;
  }

  /** Chains and appends one record body (everything but the chain fields). */
  private append(fields: Omit<Body, 'seq' | 'prevHash'>): AuditRecord {
    // One object, grown in place (seq, prevHash, then hash): the same keys in the same order as a spread
    // copy, without copying every field twice per record.
    const record = fields as AuditRecord;
    record.seq = this.seq + 1;
    record.prevHash = this.lastHash;
    // Canonical bytes built once from the known record shape, hashed, and reused for the line.
    const canonical = canonicalRecord(record);
    const hash = hashCanonical(record.prevHash, canonical);
    record.hash = hash;
    this.pending.push(serializeCanonical(canonical, hash));
    this.pendingRecords.push(record);
    this.lastHash = hash;
    this.seq = record.seq;
    this.fileStartedAt ??= Date.parse(record.time);
    return record;
  }

  /** Counts records since the last checkpoint; signs at `every`, or `everySeconds` after the first unsigned. */
  private anchorAfterRecords(anchor: Anchor, count: number): void {
    anchor.pending += count;
    if (anchor.pending >= anchor.every) return this.checkpoint();
    if (this.anchorTimer === undefined) {
      this.anchorTimer = setTimeout(() => {
        this.anchorTimer = undefined;
        if (!this.closing && anchor.pending > 0) this.safeCheckpoint();
      }, anchor.everyMs).unref();
    }
  }

  /** Appends a signed checkpoint over the chain so far and copies it to the anchor sinks. */
  private checkpoint(): void {
    const anchor = this.anchor!;
    clearTimeout(this.anchorTimer);
    this.anchorTimer = undefined;
    const time = this.now().toISOString();
    const fields = { server: this.server, seq: this.seq + 1, time, prevHash: this.lastHash };
    const args = anchor.sign(fields);
    const record = this.append({
      auditId: `checkpoint-${fields.seq}`,
      time,
      server: this.server,
      tool: AUDIT_SELF_TOOL,
      principal: 'system',
      sessionId: '',
      requestId: '',
      outcome: 'success',
      reason: CHECKPOINT_REASON,
      durationMs: 0,
      args: { checkpoint: args },
    });
    this.flush();
    anchor.pending = 0;
    anchor.publish(this.file, fields, args, record.hash);
  }

  /** A checkpoint outside a call (timer, close): a failure is reported, the next one covers the records. */
  private safeCheckpoint(): void {
    try {
      this.checkpoint();
    } catch (error) {
      this.warn(`audit checkpoint could not be written: ${(error as Error).message}`);
    }
  }

  /** Moves the active file aside when it is too big or too old; the chain continues in the new file. */
  private rotateIfDue(): void {
    const { maxBytes, maxAgeSeconds } = this.rotate!;
    const big = maxBytes !== undefined && this.out.size > 0 && this.out.size >= maxBytes;
    const old =
      maxAgeSeconds !== undefined &&
      this.fileStartedAt !== undefined &&
      this.now().getTime() - this.fileStartedAt >= maxAgeSeconds * 1000;
    if (!big && !old) return;
    // The archive ends signed, so it verifies on its own as far as its last checkpoint.
    if (this.anchor && this.anchor.pending > 0) this.checkpoint();
    const archive = archiveName(this.file, this.now(), existsSync);
    this.out.close();
    try {
      renameSync(this.file, archive);
      this.fileStartedAt = undefined;
    } catch (error) {
      // Not retried on every record (each retry would also add a checkpoint and a warning).
      this.rotate = undefined;
      this.warn(
        `audit log ${this.file} could not be rotated (${(error as Error).message}); rotation is off until restart`,
      );
    }
    this.out = new AppendFile(this.file, this.fsync, this.warn);
  }

  private text(value: unknown): string {
    const s = String(value ?? '');
    return capString(this.scrub ? this.scrub(s) : s, this.maxStringLength);
  }

  /**
   * Continues the chain from the file's last record (or, for an empty file, from the newest rotated file);
   * removes (and records) a line torn by a crash. Returns what it knows of the last record.
   */
  private resumeChain(): LastRecord | undefined {
    const tail = this.out.tail();
    if (tail.fragment && parseLast(tail.fragment.toString('utf8')) !== undefined) {
      // A complete record that only lacks its newline: terminate it and chain from it.
      this.out.append('\n');
      return this.resumeChain();
    }
    let last: LastRecord | undefined;
    if (tail.lastLine !== undefined) {
      last = parseLast(tail.lastLine);
      if (last === undefined) {
        throw new Error(
          `audit log ${this.file}: the last line is not an audit record; run "secure-mcp audit verify ${this.file}" ` +
            'and move the file aside before starting again',
        );
      }
      // The file's age, for rotation by age only: opening reads nothing else but the tail.
      if (this.rotate?.maxAgeSeconds !== undefined)
        this.fileStartedAt = parseLast(this.out.head() ?? '')?.time;
    } else if (!tail.fragment) {
      last = this.lastOfArchives(); // a fresh file after rotation (or a crash mid-rotation)
    }
    if (last) {
      this.lastHash = this.writtenHash = last.hash;
      this.seq = this.writtenSeq = last.seq ?? 0;
    }
    if (tail.fragment) {
      // Only an OS crash or a full disk tears a line (a killed process cannot: one write(2) per record).
      // That record was never acknowledged; cut it off and say so in the chain.
      this.out.truncate(tail.fragmentStart);
      this.write({
        auditId: `repair-${this.now().getTime()}`,
        tool: AUDIT_SELF_TOOL,
        principal: 'system',
        sessionId: '',
        requestId: '',
        outcome: 'error',
        reason: `removed a torn last line (${tail.fragment.length} bytes) found on open`,
        durationMs: 0,
        args: { fragment: tail.fragment.subarray(0, 512).toString('utf8') },
      });
      return undefined;
    }
    return last;
  }

  private lastOfArchives(): LastRecord | undefined {
    const archives = listArchives(this.file);
    const newest = archives[archives.length - 1];
    if (!newest) return undefined;
    const line = readTailOf(newest).lastLine;
    const last = line === undefined ? undefined : parseLast(line);
    if (!last)
      throw new Error(`audit log ${newest} (the newest rotated file) does not end with an audit record`);
    return last;
  }
}

interface LastRecord {
  hash: string;
  seq?: number;
  time?: number;
  checkpoint: boolean;
}

function parseLast(line: string): LastRecord | undefined {
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (typeof parsed?.hash !== 'string' || !HASH_PATTERN.test(parsed.hash)) return undefined;
    return {
      hash: parsed.hash,
      seq: Number.isSafeInteger(parsed.seq) ? (parsed.seq as number) : undefined,
      time: typeof parsed.time === 'string' ? Date.parse(parsed.time) : undefined,
      checkpoint: parsed.tool === AUDIT_SELF_TOOL && parsed.reason === CHECKPOINT_REASON,
    };
  } catch {
    return undefined;
  }
}

/** Locks `file`, or, when another live process holds it, a segment of this process's own next to it. */
function claimFile(file: string, warn: AuditWarn): { path: string; lock: FileLock } {
  const lock = FileLock.acquire(`${file}.lock`);
  if (lock instanceof FileLock) return { path: file, lock };
  for (let n = 1; n <= 100; n++) {
    const path = segmentName(file, process.pid, n);
    const own = FileLock.acquire(`${path}.lock`);
    if (own instanceof FileLock) {
      warn(
        `audit log ${file} is in use by ${lock.heldBy} (another instance of this server?); ` +
          `this process writes its own hash chain to ${path}. "secure-mcp audit verify ${file}" checks both.`,
      );
      return { path, lock: own };
    }
  }
  throw new Error(`audit log ${file}: no free segment file for process ${process.pid}`);
}
