import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendFile } from '../../../src/audit/append-file';

describe('AppendFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secure-mcp-append-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // The writer encodes each batch into a buffer it keeps between writes: a later, larger batch (or one with
  // multi-byte characters) must still be written whole, and a short one must not carry bytes of the last.
  it('writes batches of any size and encoding intact, one after another', () => {
    const file = join(dir, 'audit.jsonl');
    const out = new AppendFile(file);
    const batches = [
      'short ascii\n',
      `${'€'.repeat(30_000)}\n`, // 90,000 bytes: more than the first buffer
      'é\n',
      `${'\u{1F600}'.repeat(200_000)}\n`, // 800,000 bytes of 4-byte characters
      `${'€'.repeat(400_000)}\n`, // 1.2 MB, beyond the kept buffer's cap: written from a buffer of its own
      'end\n',
    ];
    for (const b of batches) out.append(b);
    out.close();
    const expected = batches.join('');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    expect(out.size).toBe(Buffer.byteLength(expected));
  });
});
