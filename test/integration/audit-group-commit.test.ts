import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { IsString } from 'class-validator';
import { Audit, Tool } from '../../src';
import { verifyAuditLog } from '../../src/audit';
import { AppendFile } from '../../src/audit/append-file';
import { createTestClient } from '../../src/testing';

class EchoInput {
  @IsString() text!: string;
}

/** Holds calls until `size` of them are running, so that they are in flight together (not timing-dependent). */
let gate = { size: 1, waiting: 0, open: () => {}, opened: Promise.resolve() };
function gateFor(size: number): void {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  gate = { size, waiting: 0, open, opened };
}

@Tool({ name: 'echo_io', description: 'Echoes after a real file-system round trip', input: EchoInput })
@Audit()
class EchoIoTool {
  async execute({ text }: EchoInput) {
    if (++gate.waiting >= gate.size) gate.open();
    await gate.opened;
    await stat(__filename); // real I/O: the calls finish in their own callbacks, as tools do
    return text;
  }
}

const N = 32;

afterEach(() => jest.restoreAllMocks());

describe('audit group commit', () => {
  it('writes the records of concurrent calls in fewer writes than records, and no result leaves before its record', async () => {
    const t = await createTestClient({ tools: [EchoIoTool] });
    gateFor(N);
    const append = jest.spyOn(AppendFile.prototype, 'append');
    const delivered: string[] = [];
    const missing: string[] = [];
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        t.callTool('echo_io', { text: `call-${i}-marker` }).then((result) => {
          // The result is in the client's hands: its record must already be in the file.
          if (!readFileSync(t.auditFile, 'utf8').includes(`"call-${i}-marker"`)) missing.push(`call-${i}`);
          delivered.push(t.text(result));
          return result;
        }),
      ),
    );
    const writes = append.mock.calls.length;
    const linesWritten = append.mock.calls.reduce(
      (n, [data]) => n + String(data).split('\n').filter(Boolean).length,
      0,
    );
    const records = readFileSync(t.auditFile, 'utf8').split('\n').filter(Boolean);
    const verified = await verifyAuditLog(t.auditFile);
    await t.close();

    expect(results.every((r) => r.isError === undefined)).toBe(true);
    expect(delivered).toHaveLength(N);
    expect(missing).toEqual([]);
    expect(linesWritten).toBe(N);
    expect(writes).toBeLessThan(N);
    expect(records).toHaveLength(N);
    expect(verified).toMatchObject({ ok: true, records: N });
  });

  it('withholds every result of a batch whose write fails, and the chain continues from the last written record', async () => {
    const t = await createTestClient({ tools: [EchoIoTool] });
    gateFor(1);
    await t.callTool('echo_io', { text: 'before' });
    gateFor(8);
    const original = AppendFile.prototype.append;
    const append = jest.spyOn(AppendFile.prototype, 'append').mockImplementationOnce(function () {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const failed = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.callTool('echo_io', { text: `lost-${i}` })),
    );
    append.mockImplementation(original);
    gateFor(1);
    const after = await t.callTool('echo_io', { text: 'after' });
    const raw = readFileSync(t.auditFile, 'utf8');
    const verified = await verifyAuditLog(t.auditFile);
    await t.close();

    // The calls that shared the failed write are withheld; on a loaded machine some of the eight may finish in a
    // later batch, which is written: each result matches its record, never more.
    const withheld = failed.filter((r) => r.isError === true);
    expect(withheld.length).toBeGreaterThanOrEqual(1);
    failed.forEach((r, i) => {
      if (r.isError) {
        expect(t.text(r)).toMatch(/audit log is unavailable, so the result of echo_io is withheld/);
        expect(t.text(r)).not.toMatch(/lost-/);
        expect(raw).not.toContain(`"lost-${i}"`);
      } else {
        expect(t.text(r)).toBe(`lost-${i}`);
        expect(raw).toContain(`"lost-${i}"`);
      }
    });
    expect(t.text(after)).toBe('after');
    expect(verified).toMatchObject({ ok: true, records: 2 + failed.length - withheld.length });
  });
});
