import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsOptional, IsString } from 'class-validator';
import {
  Audit,
  Inject,
  RateLimit,
  ReadOnly,
  Secret,
  Sensitive,
  StartupError,
  Tool,
  ToolError,
  type ReadOnlyAware,
} from '../../src';
import { verifyAuditLog } from '../../src/audit';
import { SafeFs } from '../../src/security/paths';
import { SecretValue } from '../../src/security/secrets';
import { createTestClient } from '../../src/testing';

class NoteInput {
  @IsString() text!: string;
  @Sensitive() @IsOptional() @IsString() password?: string;
}
class Empty {}

let runs = 0;

@Tool({ name: 'limited', description: 'Three calls a minute', input: Empty })
@RateLimit({ limit: 3, window: '1m' })
@Audit()
class LimitedTool {
  execute() {
    runs++;
    return 'ran';
  }
}

@Tool({ name: 'hundred', description: '100 calls an hour', input: Empty })
@RateLimit({ limit: 100, window: '1h' })
@ReadOnly()
class HundredTool {
  execute() {
    return 'ok';
  }
}

@Tool({ name: 'save_note', description: 'Writes', input: NoteInput })
@Audit()
class SaveNoteTool {
  execute(input: NoteInput) {
    if (input.text === 'fail') throw new ToolError('cannot save an empty note');
    if (input.text === 'crash') throw new Error('disk on fire');
    return `saved ${input.text.length} chars`;
  }
}

@Tool({ name: 'unaudited', description: 'No @Audit', input: NoteInput })
@ReadOnly()
class UnauditedTool {
  execute() {
    return 'fine';
  }
}

// Windows are aligned to the clock: a fixed clock keeps a test from straddling a window boundary.
const fixedClock = () => Date.UTC(2026, 0, 1, 12, 0, 30);

describe('@RateLimit through the real client', () => {
  it('denies past the limit without running the tool, with retry-after, and audits the denial', async () => {
    const t = await createTestClient({ tools: [LimitedTool], rateLimit: { clock: fixedClock } });
    runs = 0;
    for (let i = 0; i < 3; i++) expect(t.text(await t.callTool('limited', {}))).toBe('ran');
    const denied = await t.callTool('limited', {});
    expect(denied.isError).toBe(true);
    expect(t.text(denied)).toMatch(/^rate limit exceeded for limited; retry in \d+ s$/);
    expect((denied._meta as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(runs).toBe(3);
    const records = readRecords(t.auditFile);
    expect(records.map((r) => r.outcome)).toEqual(['success', 'success', 'success', 'denied']);
    expect(records[3]).toMatchObject({ tool: 'limited', reason: 'rate-limit' });
    expect(await verifyAuditLog(t.auditFile)).toMatchObject({ ok: true, records: 4 });
    await t.close();
  });

  it('allows exactly the limit under 1,000 concurrent calls', async () => {
    const t = await createTestClient({ tools: [HundredTool], rateLimit: { clock: fixedClock } });
    const results = await Promise.all(Array.from({ length: 1000 }, () => t.callTool('hundred', {})));
    expect(results.filter((r) => !r.isError)).toHaveLength(100);
    expect(results.filter((r) => r.isError && /rate limit exceeded/.test(t.text(r)))).toHaveLength(900);
    await t.close();
  });

  it('applies a server-wide default limit to tools without @RateLimit', async () => {
    const t = await createTestClient({
      tools: [UnauditedTool],
      rateLimit: { clock: fixedClock, default: { limit: 1, window: '1h' } },
    });
    expect((await t.callTool('unaudited', { text: 'a' })).isError).toBeUndefined();
    expect(t.text(await t.callTool('unaudited', { text: 'a' }))).toMatch(/rate limit exceeded for unaudited/);
    await t.close();
  });
});

describe('@Audit through the real client', () => {
  it('records every outcome of an audited tool, redacts @Sensitive fields, and chains the records', async () => {
    const t = await createTestClient({ tools: [SaveNoteTool], principal: 'alice' });
    await t.callTool('save_note', { text: 'hello', password: 'hunter2-canary-pw' });
    await t.callTool('save_note', { text: 'fail' });
    await t.callTool('save_note', { text: 'crash' });
    await t.callTool('save_note', { text: 42 });
    await t.callTool('save_note', { text: 'x\n{"outcome":"success","forged":true}' });
    const raw = readFileSync(t.auditFile, 'utf8');
    expect(raw).not.toContain('hunter2-canary-pw');
    const records = readRecords(t.auditFile);
    expect(records).toHaveLength(5);
    expect(records.map((r) => [r.outcome, r.reason])).toEqual([
      ['success', undefined],
      ['failure', 'tool-error'],
      ['error', 'internal'],
      ['denied', 'validation'],
      ['success', undefined],
    ]);
    expect(records[0]).toMatchObject({
      server: 'test-server',
      tool: 'save_note',
      principal: 'alice',
      args: { text: 'hello', password: '[REDACTED]' },
    });
    for (const r of records) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'auditId',
          'time',
          'sessionId',
          'requestId',
          'durationMs',
          'prevHash',
          'hash',
        ]),
      );
    }
    expect(await verifyAuditLog(t.auditFile)).toMatchObject({ ok: true, records: 5 });
    await t.close();
  });

  it('audits denials of tools without @Audit, but not their successful calls; audit.all audits everything', async () => {
    const t = await createTestClient({ tools: [UnauditedTool] });
    await t.callTool('unaudited', { text: 'a' });
    await t.callTool('unaudited', { nope: 1 });
    expect(readRecords(t.auditFile).map((r) => [r.tool, r.outcome])).toEqual([['unaudited', 'denied']]);

    const all = await createTestClient({ tools: [UnauditedTool], audit: { all: true } });
    await all.callTool('unaudited', { text: 'a' });
    expect(readRecords(all.auditFile).map((r) => r.outcome)).toEqual(['success']);
    await t.close();
    await all.close();
  });

  it('withholds the result when the audit record cannot be written (disk full)', async () => {
    runs = 0;
    const t = await createTestClient({ tools: [LimitedTool] });
    // A full disk cannot be made here (a device such as /dev/full is refused as an audit file): the
    // append's write(2) fails with ENOSPC instead.
    const fs: typeof import('node:fs') = require('node:fs');
    const full = jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    let result: Awaited<ReturnType<typeof t.callTool>>;
    try {
      result = await t.callTool('limited', {});
    } finally {
      full.mockRestore();
    }
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(
      /^the audit log is unavailable, so the result of limited is withheld \(reference: /,
    );
    expect(runs).toBe(1);
    await t.close();
  });
});

describe('read-only mode', () => {
  it('hides write tools and refuses them with a clear, audited message', async () => {
    const t = await createTestClient({ tools: [SaveNoteTool, UnauditedTool], readOnly: true });
    expect((await t.listTools()).tools.map((x) => x.name)).toEqual(['unaudited']);
    const refused = await t.callTool('save_note', { text: 'x' });
    expect(refused.isError).toBe(true);
    expect(t.text(refused)).toMatch(/^tool save_note can modify data and this server runs in read-only mode/);
    expect(readRecords(t.auditFile)).toEqual([
      expect.objectContaining({ outcome: 'denied', reason: 'read-only' }),
    ]);
    await t.close();
  });

  it('is switched on by SECURE_MCP_READ_ONLY=1', async () => {
    process.env.SECURE_MCP_READ_ONLY = '1';
    try {
      const t = await createTestClient({ tools: [SaveNoteTool, UnauditedTool] });
      expect((await t.listTools()).tools.map((x) => x.name)).toEqual(['unaudited']);
      expect(t.text(await t.callTool('save_note', { text: 'x' }))).toMatch(/read-only mode/);
      await t.close();
    } finally {
      delete process.env.SECURE_MCP_READ_ONLY;
    }
  });

  it('hands read-only tools a SafeFs and ReadOnlyAware services whose writes throw', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ro-root-'));
    writeFileSync(join(root, 'a.txt'), 'original');
    class Counter implements ReadOnlyAware {
      value = 0;
      constructor(private readonly writable = true) {}
      increment() {
        if (!this.writable) throw new ToolError('counter is read-only here');
        return ++this.value;
      }
      asReadOnly(): this {
        return new Counter(false) as this;
      }
    }
    class PathInput {
      @IsString() path!: string;
    }
    @Tool({ name: 'sneaky_write', description: 'Read-only but tries to write', input: PathInput })
    @ReadOnly()
    class SneakyTool {
      constructor(
        private readonly fs: SafeFs,
        @Inject(Counter) private readonly counter: Counter,
      ) {}
      async execute(input: PathInput) {
        if (input.path === 'counter') return String(this.counter.increment());
        await this.fs.writeText(input.path, 'overwritten');
        return 'wrote';
      }
    }
    @Tool({ name: 'honest_write', description: 'A write tool', input: PathInput })
    class HonestTool {
      constructor(
        private readonly fs: SafeFs,
        @Inject(Counter) private readonly counter: Counter,
      ) {}
      async execute(input: PathInput) {
        if (input.path === 'counter') return String(this.counter.increment());
        await this.fs.writeText(input.path, 'written');
        return 'wrote';
      }
    }
    const t = await createTestClient({
      tools: [SneakyTool, HonestTool],
      roots: [root],
      providers: [{ token: Counter, useValue: new Counter() }],
    });
    const sneaky = await t.callTool('sneaky_write', { path: 'a.txt' });
    expect(sneaky.isError).toBe(true);
    expect(t.text(sneaky)).toMatch(/read-only/);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('original');
    expect(t.text(await t.callTool('sneaky_write', { path: 'counter' }))).toBe('counter is read-only here');
    expect(t.text(await t.callTool('honest_write', { path: 'a.txt' }))).toBe('wrote');
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('written');
    expect(t.text(await t.callTool('honest_write', { path: 'counter' }))).toBe('1');
    await t.close();
  });
});

describe('@Secret through the real client', () => {
  const CANARY = 'canary-secret-value-93hd1';

  @Tool({ name: 'leaky', description: 'Tries every way to leak its key', input: NoteInput })
  @Audit()
  class LeakyTool {
    constructor(@Secret('LEAKY_API_KEY') private readonly key: SecretValue) {}
    execute(input: NoteInput, ctx: { logger: { info(m: string, meta?: object): void } }) {
      const raw = this.key.reveal();
      ctx.logger.info(`using key ${raw}`, { nested: { key: raw } });
      if (input.text === 'throw') throw new ToolError(`upstream rejected key ${raw}`);
      if (input.text === 'crash') throw new Error(`crash with ${raw}`);
      if (input.text === 'object')
        return { key: raw, list: [raw], encoded: Buffer.from(raw).toString('base64') };
      return `the key is ${raw} and prints as ${String(this.key)} / ${JSON.stringify({ k: this.key })}`;
    }
  }

  it('injects the value and scrubs it from results, errors, logs and audit records', async () => {
    const logged: string[] = [];
    const Transport = (await import('winston-transport')).default;
    class Capture extends Transport {
      override log(info: Record<symbol, unknown>, next: () => void) {
        logged.push(String(info[Symbol.for('message')]));
        next();
      }
    }
    const t = await createTestClient({
      tools: [LeakyTool],
      secrets: { values: { LEAKY_API_KEY: CANARY } },
      logging: { transports: [new Capture()] },
    });
    const results = [];
    for (const text of ['plain', 'throw', 'crash', 'object'])
      results.push(await t.callTool('leaky', { text }));
    expect(t.text(results[0]!)).toBe('the key is [REDACTED] and prints as [REDACTED] / {"k":"[REDACTED]"}');
    expect(t.text(results[1]!)).toBe('upstream rejected key [REDACTED]');
    expect(results[3]!.structuredContent).toEqual({
      key: '[REDACTED]',
      list: ['[REDACTED]'],
      encoded: expect.stringMatching(/^\[REDACTED\]/),
    });
    const everything = JSON.stringify(results) + logged.join('\n') + readFileSync(t.auditFile, 'utf8');
    expect(logged.length).toBeGreaterThan(3);
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(Buffer.from(CANARY).toString('base64'));
    await t.close();
  });

  it('stops start-up when a secret is missing, naming secret, tool and places looked', async () => {
    const error = await createTestClient({ tools: [LeakyTool] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/LEAKY_API_KEY/);
    expect((error as Error).message).toMatch(/LeakyTool/);
    expect((error as Error).message).toMatch(/environment variable LEAKY_API_KEY/);
  });
});

describe('team policy at start-up', () => {
  it('refuses to start when a tool breaks a rule, naming tool and rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const file = join(dir, 'secure-mcp.config.json');
    writeFileSync(file, JSON.stringify({ requireRateLimit: true, requireAudit: true }));
    const error = await createTestClient({ tools: [UnauditedTool, LimitedTool], policy: file }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/unaudited: requireRateLimit/);
    expect((error as Error).message).toMatch(/unaudited: requireAudit/);
    expect((error as Error).message).not.toMatch(/limited:/);
    const ok = await createTestClient({ tools: [LimitedTool], policy: file });
    await ok.close();
  });
});

function readRecords(file: string): Array<Record<string, any>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}
