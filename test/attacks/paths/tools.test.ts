import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Class } from '../../../src';
import { SafeFs } from '../../../src/security/paths';
import { createTestClient, type TestClient } from '../../../src/testing';
import { FILE_TOOLS, ReadCheckedTool, SneakyWriteTool } from './file-tools';
import { type Target, attackReads, attackWrites, harmless, makeAttackSandbox } from './harness';
import { LEGIT_NAMES, PAYLOADS, fill } from './payloads';
import type { Sandbox } from './sandbox';

/** An `isError` result the tool meant (a ToolError or a validation refusal), not an internal error. */
class Refused extends Error {}

/** The real wiring: createServer({ roots }) builds the SafeFs the tools get. */
function connect(box: Sandbox, tools: Class[]): Promise<TestClient> {
  return createTestClient({ tools, roots: [box.root] });
}

// Write payloads each need a fresh sandbox. Rather than start 266 servers, one server gets SafeFs from a
// factory provider (tools are built per call) that follows the current sandbox.
let current: SafeFs;
function connectFollowing(box: Sandbox, tools: Class[]): Promise<TestClient> {
  current = new SafeFs({ roots: [box.root] });
  return createTestClient({ tools, providers: [{ token: SafeFs, useFactory: () => current }] });
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

/** A fresh sandbox and a server on it, both closed and removed whatever happens. */
async function withServer(
  tools: Class[],
  fn: (t: TestClient, box: Sandbox) => Promise<void>,
  start = connect,
): Promise<void> {
  const box = makeAttackSandbox();
  try {
    const t = await start(box, tools);
    try {
      await fn(t, box);
    } finally {
      await t.close();
    }
  } finally {
    box.cleanup();
  }
}

describe('every payload through real tools over the real SDK client', () => {
  describe.each(Object.entries(PAYLOADS))('%s', (_category, payloads) => {
    it(`reads: ${payloads.length} payloads x 4 tools, 0 escapes`, () =>
      withServer(FILE_TOOLS, async (t, box) => {
        const outcome = await attackReads(toolTarget(t), payloads, box);
        expect(outcome.escapes).toEqual([]);
        expect(outcome.badErrors).toEqual([]);
      }));

    it(`writes: ${payloads.length} payloads x 4 tool calls, 0 escapes`, () =>
      withServer(
        FILE_TOOLS,
        async (t) => {
          // Each payload gets a fresh sandbox; the server's SafeFs follows it (see connectFollowing).
          const target = toolTarget(t);
          const outcome = await attackWrites((box) => {
            current = new SafeFs({ roots: [box.root] });
            return target;
          }, payloads);
          expect(outcome.escapes).toEqual([]);
          expect(outcome.badErrors).toEqual([]);
        },
        connectFollowing,
      ));
  });

  it('legitimate names round-trip through write_file, read_file and list_dir', () =>
    withServer(FILE_TOOLS, async (t, box) => {
      for (const name of LEGIT_NAMES) {
        const write = await t.callTool('write_file', { path: name, content: `content of ${name}` });
        expect([name, write.isError ?? false]).toEqual([name, false]);
        expect(t.text(await t.callTool('read_file', { path: name }))).toBe(`content of ${name}`);
        expect(fs.readFileSync(path.join(box.root, name), 'utf8')).toBe(`content of ${name}`);
        const listed = await t.callTool('list_dir', { path: path.dirname(name) });
        expect(t.text(listed)).toContain(JSON.stringify(path.basename(name)));
      }
    }));

  it('a @ReadOnly tool gets a SafeFs whose writes are refused', () =>
    withServer([SneakyWriteTool], async (t, box) => {
      const result = await t.callTool('sneaky_write', { path: 'new.txt', content: 'x' });
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(/is read-only/);
      expect(fs.existsSync(path.join(box.root, 'new.txt'))).toBe(false);
    }));

  it('@IsSafePath refuses traversal as a validation error that does not echo the value', () =>
    withServer([ReadCheckedTool], async (t) => {
      const refused = await t.callTool('read_checked', { path: '../root-evil/secret.txt' });
      expect(refused.isError).toBe(true);
      expect(t.text(refused)).toMatch(/path must be a relative path inside the allowed roots/);
      expect(t.text(refused)).not.toMatch(/root-evil|secret/);
      expect(t.text(await t.callTool('read_checked', { path: 'hello.txt' }))).toBe('hello inside');
    }));

  it('write payloads through the real roots wiring (one sandbox, one category)', () =>
    withServer(FILE_TOOLS, async (t, box) => {
      const before = box.outside();
      for (const p of PAYLOADS['sibling-prefix'].concat(PAYLOADS['symlink-escape'])) {
        const target = harmless(fill(p, box), box); // system files renamed to a marker
        await t.callTool('write_file', { path: target, content: 'ATTACK' });
        await t.callTool('make_dir', { path: `${target}-d`, recursive: true });
      }
      expect(box.outside()).toEqual(before);
    }));
});
