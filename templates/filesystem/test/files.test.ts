import 'reflect-metadata';
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { ListFilesTool } from '../src/tools/list-files';
import { ReadFileTool } from '../src/tools/read-file';
import { WRITE_FILE_LIMIT, WriteFileTool } from '../src/tools/write-file';

/** Mid-minute: see `rateLimit.clock` below. */
const FIXED_CLOCK = () => Date.UTC(2026, 0, 1, 12, 0, 30);

const tools = [ListFilesTool, ReadFileTool, WriteFileTool];
const approve = () => ({ action: 'accept' as const, content: { confirm: true } });

describe('file tools', () => {
  let sandbox: string;
  let root: string;
  let t: TestClient;

  beforeEach(async () => {
    // root/ is what the tools may use; outside/ sits next to it, as a secret would.
    sandbox = mkdtempSync(path.join(tmpdir(), 'fs-tools-'));
    root = path.join(sandbox, 'root');
    mkdirSync(path.join(root, 'notes'), { recursive: true });
    mkdirSync(path.join(sandbox, 'outside'));
    writeFileSync(path.join(root, 'notes', 'todo.txt'), 'buy milk\n');
    writeFileSync(path.join(sandbox, 'outside', 'secret.txt'), 'not for the model\n');
    // The user approves every write (@Confirm asks through elicitation); see the tests below for refusals.
    t = await createTestClient({
      tools,
      roots: [root],
      onElicit: approve,
      // Limits count per clock-aligned window (1m: whole minutes): a fixed clock keeps the rate-limit test from
      // straddling a minute boundary, where the count starts again.
      rateLimit: { clock: FIXED_CLOCK },
    });
  });
  afterEach(async () => {
    await t.close();
    rmSync(sandbox, { recursive: true, force: true });
  });

  it('lists and reads files inside the root', async () => {
    const listing = await t.callTool('list_files', {});
    expect(JSON.parse(t.text(listing))).toEqual({ entries: [{ name: 'notes', type: 'directory' }] });
    const read = await t.callTool('read_file', { path: 'notes/todo.txt' });
    expect(read.isError).toBeFalsy();
    expect(t.text(read)).toBe('buy milk\n');
  });

  it.each([
    ['a parent-directory escape', '../outside/secret.txt'],
    ['an absolute path outside the root', '/etc/passwd'],
    ['a sibling folder', '../outside'],
  ])('refuses %s', async (_case, p) => {
    const result = await t.callTool('read_file', { path: p });
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/outside the allowed roots/);
  });

  it('refuses a symlink that leaves the root', async () => {
    symlinkSync(path.join(sandbox, 'outside', 'secret.txt'), path.join(root, 'link.txt'));
    const result = await t.callTool('read_file', { path: 'link.txt' });
    expect(result.isError).toBe(true);
    expect(t.text(result)).not.toContain('not for the model');
  });

  it.each([
    ['a missing path', {}],
    ['a NUL byte', { path: 'notes/todo.txt\u0000.png' }],
    ['an unknown property', { path: 'notes/todo.txt', encoding: 'latin1' }],
  ])('rejects %s', async (_case, args) => {
    const result = await t.callTool('read_file', args);
    expect(result.isError).toBe(true);
  });

  it('writes a new file and will not replace one unless told', async () => {
    const created = await t.callTool('write_file', { path: 'notes/new.txt', content: 'hello' });
    expect(created.isError).toBeFalsy();
    expect(readFileSync(path.join(root, 'notes', 'new.txt'), 'utf8')).toBe('hello');

    const again = await t.callTool('write_file', { path: 'notes/new.txt', content: 'replaced' });
    expect(again.isError).toBe(true);
    expect(t.text(again)).toMatch(/file exists/);

    const replaced = await t.callTool('write_file', {
      path: 'notes/new.txt',
      content: 'replaced',
      overwrite: true,
    });
    expect(replaced.isError).toBeFalsy();
    expect(readFileSync(path.join(root, 'notes', 'new.txt'), 'utf8')).toBe('replaced');
  });

  it('refuses to write outside the root', async () => {
    const result = await t.callTool('write_file', { path: '../outside/evil.txt', content: 'x' });
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/outside the allowed roots/);
  });

  it('denies writes over the rate limit', async () => {
    for (let i = 0; i < WRITE_FILE_LIMIT; i++) {
      const result = await t.callTool('write_file', { path: `notes/${i}.txt`, content: 'x' });
      expect(result.isError).toBeFalsy();
    }
    const denied = await t.callTool('write_file', { path: 'notes/late.txt', content: 'x' });
    expect(denied.isError).toBe(true);
    expect(t.text(denied)).toMatch(/rate limit exceeded for write_file; retry in \d+ ?s/);
  });
});

describe('write confirmation', () => {
  it.each([
    ['declines', { onElicit: () => ({ action: 'decline' as const }) }, /the user chose decline/],
    ['cannot ask (no elicitation)', { onElicit: false as const }, /this client cannot ask/],
  ])('writes nothing when the user %s', async (_case, client, message) => {
    const root = mkdtempSync(path.join(tmpdir(), 'fs-tools-confirm-'));
    const t = await createTestClient({ tools, roots: [root], ...client });
    try {
      const result = await t.callTool('write_file', { path: 'x.txt', content: 'x' });
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(message);
      expect(existsSync(path.join(root, 'x.txt'))).toBe(false);
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('read-only mode', () => {
  it('hides and refuses write_file', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fs-tools-ro-'));
    const t = await createTestClient({ tools, roots: [root], readOnly: true });
    try {
      const names = (await t.listTools()).tools.map((tool) => tool.name).sort();
      expect(names).toEqual(['list_files', 'read_file']);
      // Refused either as a tool error or as a protocol error; either way nothing is written.
      const refused = await t.callTool('write_file', { path: 'x.txt', content: 'x' }).then(
        (result) => result.isError === true,
        () => true,
      );
      expect(refused).toBe(true);
      expect(existsSync(path.join(root, 'x.txt'))).toBe(false);
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
