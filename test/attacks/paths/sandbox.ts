import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Content of every file planted outside the root: it must never appear in anything a tool returns. */
export const CANARY = 'CANARY-7f3a9c-this-file-is-outside-the-root';
/** Name of an entry planted outside the root: it must never appear in a directory listing. */
export const CANARY_ENTRY = 'canary-entry-outside-the-root';

/**
 * A temp directory laid out for escape tests:
 *
 *     base/secret.txt            canary
 *     base/root/                 the SafeFs root
 *     base/root-evil/secret.txt  sibling with the root's name as prefix (the `/data` vs `/data-evil` bug)
 *     base/root-evil/<CANARY_ENTRY>/secret.txt
 */
export interface Sandbox {
  base: string;
  root: string;
  evil: string;
  /** Everything outside the root, by relative path: type and content hash. Compare before and after. */
  outside(): Record<string, string>;
  cleanup(): void;
}

export function makeSandbox(prefix = 'smcp-paths-'): Sandbox {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const root = path.join(base, 'root');
  const evil = path.join(base, 'root-evil');
  fs.mkdirSync(root);
  fs.mkdirSync(path.join(evil, CANARY_ENTRY), { recursive: true });
  fs.writeFileSync(path.join(base, 'secret.txt'), CANARY);
  fs.writeFileSync(path.join(evil, 'secret.txt'), CANARY);
  fs.writeFileSync(path.join(evil, CANARY_ENTRY, 'secret.txt'), CANARY);
  fs.writeFileSync(path.join(root, 'hello.txt'), 'hello inside');
  fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(root, 'sub', 'inner.txt'), 'inner inside');
  return {
    base,
    root,
    evil,
    outside: () => snapshot(base, root),
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

function snapshot(base: string, skip: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (full === skip) continue;
      const rel = path.relative(base, full);
      if (entry.isSymbolicLink()) out[rel] = `link:${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) {
        out[rel] = 'dir';
        walk(full);
      } else out[rel] = `file:${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`;
    }
  };
  walk(base);
  return out;
}

/** True if `value` (a read result, listing, stat or error message) shows anything from outside the root. */
export function leaks(value: unknown, sandbox: Sandbox): boolean {
  const text =
    typeof value === 'string'
      ? value
      : Buffer.isBuffer(value)
        ? value.toString('latin1')
        : JSON.stringify(value);
  return (
    text.includes(CANARY) ||
    text.includes(CANARY_ENTRY) ||
    text.includes(sandbox.base) ||
    /root:[^:\n]*:0:0:/.test(text) // /etc/passwd
  );
}
