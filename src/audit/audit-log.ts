import {
  redactArgs,
  capString,
  DEFAULT_MAX_ARG_BYTES,
  DEFAULT_MAX_STRING_LENGTH,
} from '../security/redaction';
import type TransportStream from 'winston-transport';
import { AppendFile } from './append-file';
import { AuditFanout } from './fanout';
import { canonicalJSON } from './canonical-json';
import { GENESIS_HASH, HASH_PATTERN, hashCanonical } from './hash-chain';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditRecord } from './record';
import { serializeCanonical } from './serialize';

export const DEFAULT_AUDIT_FILE = 'logs/audit.jsonl';
/** `tool` of the record the log writes itself when it repairs a torn last line on open. */
export const AUDIT_SELF_TOOL = 'secure-mcp.audit';

/** Where audit records go. */
export interface AuditSinkOptions {
  /** The hash-chained JSON-lines file. Default `logs/audit.jsonl` (relative to the working directory). */
  file?: string;
  /** Extra winston transports that get a copy of every record (never stdout). */
  transports?: TransportStream[];
  /** Cap of the redacted `args` as JSON bytes; larger args become a summary. Default 8192. */
  maxArgBytes?: number;
  /** Cap of every string in a record (args, reason, ids). Default 1024. */
  maxStringLength?: number;
  /** fdatasync after every record: survives power loss, not only a crash; about 100x slower. Default false. */
  fsync?: boolean;
  /** How long `close()` waits for the extra transports to flush. Default 5000. */
  closeTimeoutMs?: number;
}

export interface AuditLogOptions extends AuditSinkOptions {
  server: string;
  /** Replaces known secret values in a string (from the secrets module); applied to every string. */
  scrub?: (s: string) => string;
  /** Clock, for tests. */
  now?: () => Date;
}

/**
 * The audit log of one server process: appends one hash-chained record per call, synchronously, so the
 * record is on disk before the result goes to the client. Opening an existing file continues its chain.
 */
export class AuditLog {
  readonly file: string;
  private readonly out: AppendFile;
  private readonly fanout?: AuditFanout;
  private readonly maxArgBytes: number;
  private readonly maxStringLength: number;
  private readonly scrub?: (s: string) => string;
  private readonly now: () => Date;
  private readonly server: string;
  private lastHash: string;
  private closing?: Promise<void>;

  constructor(options: AuditLogOptions) {
    this.file = options.file ?? DEFAULT_AUDIT_FILE;
    this.maxArgBytes = options.maxArgBytes ?? DEFAULT_MAX_ARG_BYTES;
    this.maxStringLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
    this.scrub = options.scrub;
    this.now = options.now ?? (() => new Date());
    this.server = this.text(options.server);
    // Transports are checked (never stdout) before the file is opened, so a refusal leaks no descriptor.
    if (options.transports?.length) {
      this.fanout = new AuditFanout(options.transports, options.closeTimeoutMs ?? 5_000);
    }
    this.out = new AppendFile(this.file, options.fsync);
    this.lastHash = GENESIS_HASH;
    try {
      this.resumeChain();
    } catch (error) {
      this.out.close();
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
    if (this.closing) throw new Error(`audit log ${this.file} is closed`);
    if (!AUDIT_OUTCOMES.includes(entry.outcome))
      throw new TypeError(`invalid audit outcome ${String(entry.outcome)}`);
    const body: Omit<AuditRecord, 'hash'> = {
      auditId: this.text(entry.auditId),
      time: this.now().toISOString(),
      server: this.server,
      tool: this.text(entry.tool),
      ...(entry.kind === 'resource' || entry.kind === 'prompt' ? { kind: entry.kind } : {}),
      ...(entry.uri === undefined ? {} : { uri: this.text(entry.uri) }),
      principal: this.text(entry.principal),
      sessionId: this.text(entry.sessionId),
      requestId: this.text(entry.requestId),
      outcome: entry.outcome,
      ...(entry.request === undefined ? {} : { request: this.text(entry.request) }),
      ...(entry.parentAuditId === undefined ? {} : { parentAuditId: this.text(entry.parentAuditId) }),
      ...(entry.reason === undefined ? {} : { reason: this.text(entry.reason) }),
      durationMs: Number.isFinite(entry.durationMs)
        ? Math.round(Math.max(0, entry.durationMs) * 1000) / 1000
        : 0,
      ...(entry.args === undefined
        ? {}
        : {
            args: redactArgs(entry.args, {
              sensitive: entry.sensitive,
              maxBytes: this.maxArgBytes,
              maxStringLength: this.maxStringLength,
              scrub: this.scrub,
            }),
          }),
      prevHash: this.lastHash,
    };
    const canonical = canonicalJSON(body);
    const hash = hashCanonical(body.prevHash, canonical);
    const record: AuditRecord = { ...body, hash };
    this.out.append(serializeCanonical(canonical, hash));
    this.lastHash = record.hash;
    this.fanout?.send(record);
    return record;
  }

  /** Flushes the extra transports and closes the file. Idempotent. Call on SIGINT, SIGTERM, stdin close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.out.close();
      await this.fanout?.close();
    })();
    return this.closing;
  }

  private text(value: unknown): string {
    const s = String(value ?? '');
    return capString(this.scrub ? this.scrub(s) : s, this.maxStringLength);
  }

  /** Continues the chain from the file's last record; removes (and records) a line torn by a crash. */
  private resumeChain(): void {
    const tail = this.out.tail();
    if (tail.fragment && this.hashOf(tail.fragment.toString('utf8')) !== undefined) {
      // A complete record that only lacks its newline: terminate it and chain from it.
      this.out.append('\n');
      return this.resumeChain();
    }
    if (tail.lastLine !== undefined) {
      const hash = this.hashOf(tail.lastLine);
      if (hash === undefined) {
        throw new Error(
          `audit log ${this.file}: the last line is not an audit record; run "secure-mcp audit verify ${this.file}" ` +
            'and move the file aside before starting again',
        );
      }
      this.lastHash = hash;
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
    }
  }

  private hashOf(line: string): string | undefined {
    try {
      const parsed = JSON.parse(line) as { hash?: unknown };
      return typeof parsed?.hash === 'string' && HASH_PATTERN.test(parsed.hash) ? parsed.hash : undefined;
    } catch {
      return undefined;
    }
  }
}
