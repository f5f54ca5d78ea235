import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJSON } from './canonical-json';

/** `reason` of the records that are checkpoints (their `tool` is `secure-mcp.audit`). */
export const CHECKPOINT_REASON = 'checkpoint';
export const CHECKPOINT_ALG = 'HMAC-SHA256';
/** `type` of a checkpoint line in an external anchor sink. */
export const ANCHOR_LINE_TYPE = 'secure-mcp.audit.checkpoint';
/** Shorter keys are refused: the MAC is only as strong as the key. */
export const MIN_ANCHOR_KEY_LENGTH = 16;
const DOMAIN = 'secure-mcp audit checkpoint v1\n';

/** What a checkpoint's MAC covers. `prevHash` is the chain head before it, which covers every earlier record. */
export interface CheckpointFields {
  server: string;
  /** `seq` of the checkpoint record itself. */
  seq: number;
  time: string;
  prevHash: string;
  /** The writer promises the next checkpoint within this many records. */
  every: number;
}

/** `args.checkpoint` of a checkpoint record. */
export interface CheckpointArgs {
  v: 1;
  alg: typeof CHECKPOINT_ALG;
  keyId: string;
  every: number;
  mac: string;
}

/** One line of an external anchor sink (a separate file or a winston transport). */
export interface AnchorLine extends CheckpointFields {
  type: typeof ANCHOR_LINE_TYPE;
  /** Base name of the chain's active file (`audit.jsonl`): which chain the checkpoint belongs to. */
  log: string;
  keyId: string;
  mac: string;
  /** `hash` of the checkpoint record. */
  hash: string;
}

/** HMAC-SHA256 over a fixed domain string and the canonical JSON of the fields, hex. */
export function checkpointMac(key: string, fields: CheckpointFields): string {
  const { server, seq, time, prevHash, every } = fields;
  return createHmac('sha256', key)
    .update(DOMAIN + canonicalJSON({ every, prevHash, seq, server, time }))
    .digest('hex');
}

/** A short id of the key (an HMAC of a constant), so a verifier can say "another key" rather than "forged". */
export function anchorKeyId(key: string): string {
  return createHmac('sha256', key).update('secure-mcp audit key id').digest('hex').slice(0, 16);
}

export function macEquals(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The checkpoint args of a parsed record, or undefined when it is not a well-formed checkpoint. */
export function readCheckpointArgs(args: unknown): CheckpointArgs | undefined {
  const c = (args as { checkpoint?: Partial<CheckpointArgs> } | undefined)?.checkpoint;
  if (!c || typeof c !== 'object') return undefined;
  const ok =
    c.v === 1 &&
    c.alg === CHECKPOINT_ALG &&
    typeof c.keyId === 'string' &&
    typeof c.mac === 'string' &&
    Number.isSafeInteger(c.every) &&
    (c.every as number) > 0;
  return ok ? (c as CheckpointArgs) : undefined;
}
