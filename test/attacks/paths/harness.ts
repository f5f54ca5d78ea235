import * as fs from 'node:fs';
import * as path from 'node:path';
import { fill, SYMLINKS } from './payloads';
import { type Sandbox, leaks, makeSandbox } from './sandbox';

/** The operations an attack goes through: SafeFs itself, or tools called over a real MCP client. */
export interface Target {
  read: Record<string, (p: string) => Promise<unknown>>;
  write: Record<string, (p: string) => Promise<unknown>>;
  /** True if the error is the expected refusal type (ToolError, or an isError tool result). */
  isRefusal(error: unknown): boolean;
  close?(): Promise<void>;
}

export interface Outcome {
  escapes: string[];
  /** Errors of the wrong kind (raw fs errors carry host paths) or echoing the input. */
  badErrors: string[];
  accepted: number;
}

export function plantSymlinks(box: Sandbox): void {
  for (const [link, target] of SYMLINKS) fs.symlinkSync(fill(target, box), path.join(box.root, link));
}

export function makeAttackSandbox(): Sandbox {
  const box = makeSandbox('smcp-attack-');
  plantSymlinks(box);
  return box;
}

/** Real path of the longest existing prefix, resolved the way a naive implementation would. */
export function naiveReal(p: string): string {
  const tail: string[] = [];
  let head = p;
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...tail.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return p;
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

export function inside(p: string, root: string): boolean {
  return p === root || p.startsWith(root + path.sep);
}

const describeLabel = (p: string): string => JSON.stringify(p.length > 60 ? `${p.slice(0, 60)}…` : p);

/** Runs every read operation on every payload in one sandbox; counts escapes. */
export async function attackReads(
  target: Target,
  payloads: readonly string[],
  box: Sandbox,
): Promise<Outcome> {
  const outcome: Outcome = { escapes: [], badErrors: [], accepted: 0 };
  const before = box.outside();
  for (const raw of payloads) {
    const p = fill(raw, box);
    let acceptedOnce = false;
    for (const [op, run] of Object.entries(target.read)) {
      try {
        const value = await run(p);
        acceptedOnce = true;
        if (op === 'resolve') {
          const real = String(value);
          if (!inside(real, box.root) || !inside(naiveReal(real), box.root)) {
            outcome.escapes.push(`${op} ${describeLabel(raw)}`);
          }
        } else if (leaks(value, box)) outcome.escapes.push(`${op} ${describeLabel(raw)}`);
      } catch (error) {
        checkError(target, error, op, raw, p, box, outcome);
      }
    }
    if (acceptedOnce) outcome.accepted++;
  }
  if (JSON.stringify(box.outside()) !== JSON.stringify(before))
    outcome.escapes.push('reads changed files outside');
  return outcome;
}

/**
 * Runs every write operation on every payload, each payload in a fresh sandbox so one cannot hide
 * another. System targets are renamed to a marker file first: a broken guard must not damage the host.
 */
export async function attackWrites(
  makeTarget: (box: Sandbox) => Target | Promise<Target>,
  payloads: readonly string[],
): Promise<Outcome> {
  const outcome: Outcome = { escapes: [], badErrors: [], accepted: 0 };
  for (const raw of payloads) {
    const box = makeAttackSandbox();
    let target: Target | undefined;
    try {
      target = await makeTarget(box);
      const p = harmless(fill(raw, box), box);
      const watched = candidates(p, box.root).filter((c) => !inside(c, box.root));
      const existed = new Set(watched.filter((c) => fs.existsSync(c)));
      const before = box.outside();
      let acceptedOnce = false;
      for (const [op, run] of Object.entries(target.write)) {
        try {
          await run(p);
          acceptedOnce = true;
        } catch (error) {
          checkError(target, error, op, raw, p, box, outcome);
        }
      }
      if (acceptedOnce) outcome.accepted++;
      if (JSON.stringify(box.outside()) !== JSON.stringify(before)) {
        outcome.escapes.push(`write changed the sandbox outside the root: ${describeLabel(raw)}`);
      }
      for (const c of watched) {
        if (!existed.has(c) && fs.existsSync(c)) {
          outcome.escapes.push(`write created ${c}: ${describeLabel(raw)}`);
          fs.rmSync(c, { recursive: true, force: true });
        }
      }
    } finally {
      await target?.close?.();
      box.cleanup();
    }
  }
  return outcome;
}

function checkError(
  target: Target,
  error: unknown,
  op: string,
  raw: string,
  p: string,
  box: Sandbox,
  outcome: Outcome,
): void {
  const message = error instanceof Error ? error.message : String(error);
  if (!target.isRefusal(error))
    outcome.badErrors.push(`${op} ${describeLabel(raw)}: not a refusal: ${message}`);
  else if (leaks(message, box) || (p.length > 3 && message.includes(p))) {
    outcome.badErrors.push(`${op} ${describeLabel(raw)}: message shows a path or the input`);
  }
}

const SYSTEM_NAMES = /(^|[/\\])(passwd|shadow|hosts|environ|package\.json|win\.ini|id_rsa|syslog|\.bashrc)$/;
const MARKER = 'smcp-attack-written';

/** Same attack, aimed at a marker file instead of a real system file. */
export function harmless(p: string, box: Sandbox): string {
  const renamed = p.replace(SYSTEM_NAMES, `$1${MARKER}`);
  if (renamed.includes(MARKER)) return renamed;
  const lexical = path.resolve(box.root, renamed.replace(/\\/g, '/'));
  return inside(lexical, box.base) ? renamed : `${renamed.replace(/\/+$/, '')}/${MARKER}`;
}

/** Where a broken guard could land a write of `p`: lexical, decoded, normalized and symlink-followed forms. */
function candidates(p: string, root: string): string[] {
  const forms = new Set<string>([p, p.replace(/\\/g, '/'), p.normalize('NFKC')]);
  for (const form of [...forms]) {
    let decoded = form;
    for (let i = 0; i < 3; i++) {
      try {
        decoded = decodeURIComponent(decoded);
        forms.add(decoded);
      } catch {
        break;
      }
    }
  }
  const out = new Set<string>();
  for (const form of forms) {
    const clean = form.replace(/\0.*$/s, '');
    if (clean === '') continue;
    const lexical = path.resolve(root, clean);
    out.add(lexical);
    out.add(naiveReal(lexical));
  }
  return [...out];
}
