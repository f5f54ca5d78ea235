import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Class } from '../../../src';
import { SafeFs } from '../../../src/security/paths';
import { createTestClient, type TestClient } from '../../../src/testing';
import { FILE_TOOLS, ReadCheckedTool, SneakyWriteTool } from './file-tools';
import { type Target, attackReads, attackWrites, makeAttackSandbox } from './harness';
import { LEGIT_NAMES, PAYLOADS } from './payloads';
import type { Sandbox } from './sandbox';

/** An `isError` result the tool meant (a ToolError or a validation refusal), not an internal error. */
class Refused extends Error {}

// createServer({ roots }) will register SafeFs itself; until then it comes in as a provider. A factory
// provider lets one server follow the fresh sandbox of each write payload (tools are built per call).
async function connect(
  box: Sandbox,
  tools: Class[] = FILE_TOOLS,
): Promise<{ t: TestClient; use(box: Sandbox): void }> {
  let current = new SafeFs({ roots: [box.root] });
  const t = await createTestClient({ tools, providers: [{ token: SafeFs, useFactory: () => current }] });
  return { t, use: (next) => (current = new SafeFs({ roots: [next.root] })) };
}

function toolTarget(t: TestClient): Target {
  const call = async (name: string, args: Record<string, unknown>): Promise<unknown> => {
    const result = await t.callTool(name, args);
    const text = t.text(result);
    if (!result.isError) return text;
    throw /internal error/.test(text) ? new Error(text) : new Refused(text);
  };
  return {
    read: {
      read_file: (p) => call('read_file', { path: p }),
      list_dir: (p) => call('list_dir', { path: p }),
      stat_path: (p) => call('stat_path', { path: p }),
      path_exists: (p) => call('path_exists', { path: p }),
    },
    write: {
      write_file: (p) => call('write_file', { path: p, content: 'ATTACK' }),
      make_dir: (p) => call('make_dir', { path: p }),
      make_dir_recursive: (p) => call('make_dir', { path: p, recursive: true }),
      remove_path: (p) => call('remove_path', { path: p }),
    },
    isRefusal: (error) => error instanceof Refused,
  };
}

describe('every payload through real tools over the real SDK client', () => {
  describe.each(Object.entries(PAYLOADS))('%s', (_category, payloads) => {
    it(`reads: ${payloads.length} payloads x 4 tools, 0 escapes`, async () => {
      const box = makeAttackSandbox();
      const { t } = await connect(box);
      try {
        const outcome = await attackReads(toolTarget(t), payloads, box);
        expect(outcome.escapes).toEqual([]);
        expect(outcome.badErrors).toEqual([]);
      } finally {
        await t.close();
        box.cleanup();
      }
    });

    it(`writes: ${payloads.length} payloads x 4 tool calls, 0 escapes`, async () => {
      const first = makeAttackSandbox();
      const server = await connect(first);
      first.cleanup();
      try {
        const target = toolTarget(server.t);
        const outcome = await attackWrites((box) => {
          server.use(box);
          return target;
        }, payloads);
        expect(outcome.escapes).toEqual([]);
        expect(outcome.badErrors).toEqual([]);
      } finally {
        await server.t.close();
      }
    });
  });

  it('legitimate names round-trip through write_file, read_file and list_dir', async () => {
    const box = makeAttackSandbox();
    const { t } = await connect(box);
    try {
      for (const name of LEGIT_NAMES) {
        const write = await t.callTool('write_file', { path: name, content: `content of ${name}` });
        expect([name, write.isError ?? false]).toEqual([name, false]);
        expect(t.text(await t.callTool('read_file', { path: name }))).toBe(`content of ${name}`);
        expect(fs.readFileSync(path.join(box.root, name), 'utf8')).toBe(`content of ${name}`);
        const listed = await t.callTool('list_dir', { path: path.dirname(name) });
        expect(t.text(listed)).toContain(JSON.stringify(path.basename(name)));
      }
    } finally {
      await t.close();
      box.cleanup();
    }
  });

  it('a @ReadOnly tool gets a SafeFs whose writes are refused', async () => {
    const box = makeAttackSandbox();
    const { t } = await connect(box, [SneakyWriteTool]);
    try {
      const result = await t.callTool('sneaky_write', { path: 'new.txt', content: 'x' });
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(/is read-only/);
      expect(fs.existsSync(path.join(box.root, 'new.txt'))).toBe(false);
    } finally {
      await t.close();
      box.cleanup();
    }
  });

  it('@IsSafePath refuses traversal as a validation error that does not echo the value', async () => {
    const box = makeAttackSandbox();
    const { t } = await connect(box, [ReadCheckedTool]);
    try {
      const refused = await t.callTool('read_checked', { path: '../root-evil/secret.txt' });
      expect(refused.isError).toBe(true);
      expect(t.text(refused)).toMatch(/path must be a relative path inside the allowed roots/);
      expect(t.text(refused)).not.toMatch(/root-evil|secret/);
      expect(t.text(await t.callTool('read_checked', { path: 'hello.txt' }))).toBe('hello inside');
    } finally {
      await t.close();
      box.cleanup();
    }
  });
});
