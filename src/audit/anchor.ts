import { closeSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { LogTransport } from '../logging/log-transport';
import {
  ANCHOR_LINE_TYPE,
  anchorKeyId,
  CHECKPOINT_ALG,
  checkpointMac,
  MIN_ANCHOR_KEY_LENGTH,
  type AnchorLine,
  type CheckpointArgs,
  type CheckpointFields,
} from './checkpoint';
import { createFanout } from './create-fanout';
import type { AuditFanout } from './fanout';
import { openAuditFile, type AuditWarn } from './secure-open';

/** Signed checkpoints in the chain (see docs/audit.md, "Anchors"). */
export interface AuditAnchorOptions {
  /**
   * Name of the secret holding the HMAC-SHA256 key (at least 16 characters; 32 random bytes recommended),
   * resolved like `@Secret`: environment, `.env`, OS keychain, custom providers. Used by `createServer`.
   */
  secret?: string;
  /** The key itself, for `new AuditLog(...)` without `createServer`. */
  key?: string;
  /** A checkpoint after at most this many records. Default 1000. */
  every?: number;
  /** And at most this many seconds after the first record it does not cover yet. Default 60. */
  everySeconds?: number;
  /**
   * A separate append-only file that also gets every checkpoint. Put it where the audit file's attacker
   * cannot delete it (another volume, another user's directory); it is what detects removed newest records.
   */
  file?: string;
  /** Transports that get every checkpoint (a log host is the copy a local attacker cannot rewrite). */
  transports?: LogTransport[];
}

export const DEFAULT_ANCHOR_EVERY = 1000;
export const DEFAULT_ANCHOR_SECONDS = 60;

/** The writer's side of anchoring: when a checkpoint is due, its MAC, and its copies outside the file. */
export class Anchor {
  readonly every: number;
  readonly everyMs: number;
  private readonly keyId: string;
  private readonly sinkFd?: number;
  private readonly fanout?: AuditFanout;
  /** Records written since the last checkpoint. */
  pending = 0;

  constructor(
    private readonly key: string,
    options: AuditAnchorOptions,
    private readonly warn: AuditWarn,
    closeTimeoutMs: number,
  ) {
    if (key.length < MIN_ANCHOR_KEY_LENGTH)
      throw new Error(
        `the audit anchor key is shorter than ${MIN_ANCHOR_KEY_LENGTH} characters; use 32 random bytes (openssl rand -hex 32)`,
      );
    this.every = positive(options.every, DEFAULT_ANCHOR_EVERY, 'audit.anchor.every');
    this.everyMs = positive(options.everySeconds, DEFAULT_ANCHOR_SECONDS, 'audit.anchor.everySeconds') * 1000;
    this.keyId = anchorKeyId(key);
    if (options.transports?.length) this.fanout = createFanout(options.transports, closeTimeoutMs);
    if (options.file) this.sinkFd = openAuditFile(options.file, warn);
  }

  /** The `args` of a checkpoint record with these fields. */
  sign(fields: Omit<CheckpointFields, 'every'>): CheckpointArgs {
    const mac = checkpointMac(this.key, { ...fields, every: this.every });
    return { v: 1, alg: CHECKPOINT_ALG, keyId: this.keyId, every: this.every, mac };
  }

  /** Copies a written checkpoint to the external sinks. A failing sink is reported, never fatal. */
  publish(
    logFile: string,
    fields: Omit<CheckpointFields, 'every'>,
    args: CheckpointArgs,
    hash: string,
  ): void {
    const line: AnchorLine = {
      type: ANCHOR_LINE_TYPE,
      log: basename(logFile),
      ...fields,
      every: args.every,
      keyId: args.keyId,
      mac: args.mac,
      hash,
    };
    if (this.sinkFd !== undefined) {
      try {
        writeSync(this.sinkFd, JSON.stringify(line) + '\n');
      } catch (error) {
        this.warn(`audit anchor file could not be written: ${(error as Error).message}`);
      }
    }
    this.fanout?.send(line);
  }

  async close(): Promise<void> {
    if (this.sinkFd !== undefined) closeSync(this.sinkFd);
    await this.fanout?.close();
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return name.endsWith('every') ? Math.max(1, Math.floor(value)) : value;
}
