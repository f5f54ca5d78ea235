import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IsString } from 'class-validator';
import { ReadOnly, SafeFs, Tool } from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';

// Issue 11, item 10: work on a deep path went on after the call's timeout. Tools that inject SafeFs now get it
// bound to the call's signal: resolution stops between system calls once the call has timed out.

const DEPTH = 400;

class PathInput {
  @IsString() path!: string;
}

@Tool({ name: 'probe', description: 'Says whether a path exists', input: PathInput, timeoutMs: 150 })
@ReadOnly()
class ProbeTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput) {
    return String(await this.fs.exists(input.path)); // no ctx.signal passed: the framework binds it
  }
}

// The same walk with the default timeout: on a loaded machine 400 real lstats can take longer than 150 ms.
@Tool({ name: 'probe_patient', description: 'Says whether a path exists', input: PathInput })
@ReadOnly()
class PatientProbeTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput) {
    return String(await this.fs.exists(input.path));
  }
}

describe('SafeFs work stops with the call (issue 11, item 10)', () => {
  let t: TestClient;
  let root: string;
  let deep: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-'));
    deep = Array.from({ length: DEPTH }, () => 'd').join('/');
    fs.mkdirSync(path.join(root, deep), { recursive: true });
    t = await createTestClient({ tools: [ProbeTool, PatientProbeTool], roots: [root] });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a slow walk over a deep path ends at the timeout and makes no further calls', async () => {
    // Each lstat takes 5 ms (a slow or network file system): the whole walk would take ~2 s.
    let lstats = 0;
    const original = fsp.lstat;
    const spy = jest.spyOn(fsp, 'lstat').mockImplementation((async (p: fs.PathLike, o?: fs.StatOptions) => {
      lstats++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return original.call(fsp, p, o);
    }) as typeof fsp.lstat);
    try {
      const result = await t.callTool('probe', { path: `${deep}/missing` });
      expect(t.text(result)).toBe('tool probe timed out after 150 ms');
      const atTimeout = lstats;
      await new Promise((resolve) => setTimeout(resolve, 300));
      // At most the one in flight when the signal fired; without the binding the walk went on to ~400.
      expect(lstats - atTimeout).toBeLessThanOrEqual(1);
      expect(lstats).toBeLessThan(DEPTH / 2);
    } finally {
      spy.mockRestore();
    }
  });

  it('without a timeout the same walk answers', async () => {
    expect(t.text(await t.callTool('probe_patient', { path: `${deep}/missing` }))).toBe('false');
    expect(t.text(await t.callTool('probe_patient', { path: deep }))).toBe('true');
  });
});

@Tool({ name: 'plain', description: 'Echoes its path', input: PathInput })
@ReadOnly()
class PlainTool {
  execute(input: PathInput) {
    return input.path;
  }
}

describe('binding SafeFs to the call costs no AbortSignal per call (hot path)', () => {
  let t: TestClient;
  let root: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bound-'));
    fs.writeFileSync(path.join(root, 'a.txt'), 'a');
    t = await createTestClient({ tools: [ProbeTool, PlainTool], roots: [root] });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** AbortControllers constructed while `tool` is called 20 times (the SDK makes its own per request). */
  async function controllersFor(tool: string): Promise<number> {
    const Original = globalThis.AbortController;
    let made = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        made++;
      }
    };
    try {
      for (let i = 0; i < 20; i++)
        expect(t.text(await t.callTool(tool, { path: 'a.txt' }))).not.toMatch(/error/);
    } finally {
      globalThis.AbortController = Original;
    }
    return made;
  }

  it('a tool injecting SafeFs builds no more AbortControllers than one that injects nothing', async () => {
    await controllersFor('probe'); // warm up both paths once
    await controllersFor('plain');
    expect(await controllersFor('probe')).toBe(await controllersFor('plain'));
  });
});
