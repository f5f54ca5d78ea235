import 'reflect-metadata';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsString, MaxLength } from 'class-validator';
import { ReadOnly, SafeFs, Tool } from 'secure-mcp';
import { createTestClient } from 'secure-mcp/testing';
import { connectInMemory } from '../../../src/server/in-memory';

class PathInput {
  @IsString() @MaxLength(500) path!: string;
}

/** A service that injects SafeFs itself: it must follow the session's roots too. */
class FileReader {
  constructor(private readonly fs: SafeFs) {}
  read(path: string) {
    return this.fs.readText(path);
  }
}

@Tool({ name: 'read', description: 'reads a file', input: PathInput })
@ReadOnly()
class ReadTool {
  constructor(private readonly fs: SafeFs) {}
  execute(input: PathInput) {
    return this.fs.readText(input.path);
  }
}

@Tool({ name: 'read_via_service', description: 'reads a file through a service', input: PathInput })
@ReadOnly()
class ReadViaService {
  constructor(private readonly reader: FileReader) {}
  execute(input: PathInput) {
    return this.reader.read(input.path);
  }
}

describe('SafeFs following the client roots', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'client-roots-')));
  const data = join(base, 'data');
  beforeAll(() => {
    for (const dir of ['data/projA', 'data/projB', 'elsewhere'])
      mkdirSync(join(base, dir), { recursive: true });
    writeFileSync(join(data, 'top.txt'), 'top');
    writeFileSync(join(data, 'projA', 'a.txt'), 'in A');
    writeFileSync(join(data, 'projB', 'b.txt'), 'in B');
    writeFileSync(join(base, 'elsewhere', 'e.txt'), 'elsewhere');
    // A link inside the client's root to a place inside the configured root but outside the client's.
    symlinkSync(join(data, 'projB', 'b.txt'), join(data, 'projA', 'link-to-b.txt'));
  });
  // Built once from the server's SafeFs (as a singleton service would be): it must still follow each session.
  const providers = [
    {
      token: FileReader,
      useFactory: (c: { resolve(t: unknown): unknown }) => new FileReader(c.resolve(SafeFs) as SafeFs),
    },
  ];

  it('narrowToClientRoots: refuses a file outside the client roots even inside the configured ones', async () => {
    const t = await createTestClient({
      tools: [ReadTool, ReadViaService],
      providers,
      roots: [data],
      narrowToClientRoots: true,
      clientRoots: [join(data, 'projA'), join(base, 'elsewhere')],
    });
    const read = async (tool: string, path: string) => {
      const r = await t.callTool(tool, { path });
      return r.isError ? `error: ${t.text(r)}` : t.text(r);
    };
    expect(await read('read', 'projA/a.txt')).toBe('in A');
    expect(await read('read', join(data, 'projA', 'a.txt'))).toBe('in A');
    expect(await read('read', 'projB/b.txt')).toMatch(/^error: path is outside the allowed roots/);
    expect(await read('read', 'top.txt')).toMatch(/^error: /);
    expect(await read('read', 'projA/link-to-b.txt')).toMatch(/^error: /);
    // A client root outside the configured ones grants nothing.
    expect(await read('read', join(base, 'elsewhere', 'e.txt'))).toMatch(/^error: /);
    // Services that inject SafeFs follow the same roots.
    expect(await read('read_via_service', 'projA/a.txt')).toBe('in A');
    expect(await read('read_via_service', 'projB/b.txt')).toMatch(/^error: /);

    // notifications/roots/list_changed: the next call uses the new roots.
    await t.setRoots([join(data, 'projB')]);
    expect(await read('read', 'projB/b.txt')).toBe('in B');
    expect(await read('read', 'projA/a.txt')).toMatch(/^error: /);
    await t.close();
  });

  it('narrowToClientRoots: a client without roots keeps the configured roots', async () => {
    const t = await createTestClient({ tools: [ReadTool], roots: [data], narrowToClientRoots: true });
    expect(t.text(await t.callTool('read', { path: 'projB/b.txt' }))).toBe('in B');
    await t.close();
  });

  it("roots: 'client' uses the client's roots alone; relative paths from the first one", async () => {
    const t = await createTestClient({
      tools: [ReadTool],
      roots: 'client',
      clientRoots: [join(base, 'elsewhere')],
    });
    expect(t.text(await t.callTool('read', { path: 'e.txt' }))).toBe('elsewhere');
    expect((await t.callTool('read', { path: join(data, 'top.txt') })).isError).toBe(true);
    await t.close();
  });

  it("roots: 'client' with a client that shares no roots allows nothing, and says why", async () => {
    const t = await createTestClient({ tools: [ReadTool], roots: 'client' });
    const result = await t.callTool('read', { path: join(base, 'elsewhere', 'e.txt') });
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/uses the client's roots for file access and the client shares none/);
    const empty = await createTestClient({ tools: [ReadTool], roots: 'client', clientRoots: [] });
    expect(empty.text(await empty.callTool('read', { path: 'x' }))).toMatch(/the client shares no roots/);
    await empty.close();
    await t.close();
  });

  it('keeps roots per session: two clients of one server see their own roots', async () => {
    const t = await createTestClient({
      tools: [ReadTool],
      roots: [data],
      narrowToClientRoots: true,
      clientRoots: [join(data, 'projA')],
    });
    const other = await connectInMemory(t.server, 'other', { roots: [join(data, 'projB')] });
    const otherRead = async (path: string) => {
      const r = await other.client.callTool({ name: 'read', arguments: { path } });
      return { isError: r.isError === true, text: (r.content as Array<{ text: string }>)[0].text };
    };
    const [mine, theirs] = await Promise.all([
      t.callTool('read', { path: 'projA/a.txt' }),
      otherRead('projB/b.txt'),
    ]);
    expect(t.text(mine)).toBe('in A');
    expect(theirs).toEqual({ isError: false, text: 'in B' });
    expect((await otherRead('projA/a.txt')).isError).toBe(true);
    expect((await t.callTool('read', { path: 'projB/b.txt' })).isError).toBe(true);
    await other.client.close();
    await t.close();
  });

  it('refuses file access outside a request', async () => {
    const t = await createTestClient({ tools: [ReadTool], roots: [data], narrowToClientRoots: true });
    const { SafeFs: Fs } = await import('secure-mcp');
    const fs = new Fs({ roots: [data], clientRoots: 'narrow' });
    await expect(fs.readText('top.txt')).rejects.toThrow(/known only while serving a request/);
    await t.close();
  });
});
