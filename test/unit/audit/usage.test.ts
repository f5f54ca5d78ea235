import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUsage, usageFile, UsageRecorder } from '../../../src/audit';
import { useTempDir } from './helpers';

const tmp = useTempDir();
const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('usageFile', () => {
  it('is usage.json in the state directory', () => {
    expect(usageFile('/s')).toBe('/s/usage.json');
  });
});

describe('UsageRecorder', () => {
  it('records the last use per server, at most once a minute each', async () => {
    const file = join(tmp(), 'deep', 'usage.json');
    const rec = new UsageRecorder(file);
    expect(await rec.record('docs', T0)).toBe(true);
    expect(await rec.record('docs', at(30_000))).toBe(false); // throttled
    expect(await rec.record('git', at(30_000))).toBe(true); // another server is not
    expect(await readUsage(file)).toEqual({
      version: 1,
      servers: { docs: { lastUsed: T0.toISOString() }, git: { lastUsed: at(30_000).toISOString() } },
    });
    expect(await rec.record('docs', at(60_000))).toBe(true);
    expect((await readUsage(file)).servers.docs.lastUsed).toBe(at(60_000).toISOString());
  });

  it('keeps entries written by other processes and never moves a time backwards', async () => {
    const file = join(tmp(), 'usage.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        servers: { other: { lastUsed: T0.toISOString() }, docs: { lastUsed: at(99_000_000).toISOString() } },
      }),
    );
    await new UsageRecorder(file).record('docs', T0);
    const state = await readUsage(file);
    expect(state.servers.other.lastUsed).toBe(T0.toISOString());
    expect(state.servers.docs.lastUsed).toBe(at(99_000_000).toISOString());
  });

  it('writes atomically: no temp files left, and concurrent readers always see whole JSON', async () => {
    const dir = tmp();
    const file = join(dir, 'usage.json');
    const recorders = Array.from({ length: 20 }, () => new UsageRecorder(file, 0));
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        try {
          JSON.parse(readFileSync(file, 'utf8'));
          reads++;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all(
      recorders.flatMap((r, i) => [r.record(`s${i}`, at(i)), r.record(`s${i}`, at(i + 1000))]),
    );
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['usage.json']);
  });

  it('serialises its own writes so that servers in one process do not lose updates', async () => {
    const file = join(tmp(), 'usage.json');
    const rec = new UsageRecorder(file);
    await Promise.all(Array.from({ length: 30 }, (_, i) => rec.record(`s${i}`, T0)));
    expect(Object.keys((await readUsage(file)).servers)).toHaveLength(30);
  });

  it('reads a missing or corrupt file as empty and skips bad entries', async () => {
    const dir = tmp();
    expect(await readUsage(join(dir, 'none.json'))).toEqual({ version: 1, servers: {} });
    writeFileSync(join(dir, 'bad.json'), '{not json');
    expect(await readUsage(join(dir, 'bad.json'))).toEqual({ version: 1, servers: {} });
    writeFileSync(
      join(dir, 'mixed.json'),
      JSON.stringify({ servers: { a: { lastUsed: 'nope' }, b: null, c: { lastUsed: T0.toISOString() } } }),
    );
    expect(await readUsage(join(dir, 'mixed.json'))).toEqual({
      version: 1,
      servers: { c: { lastUsed: T0.toISOString() } },
    });
  });

  it('never throws when the state dir cannot be written', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'blocker'), '');
    expect(await new UsageRecorder(join(dir, 'blocker', 'usage.json')).record('docs', T0)).toBe(false);
  });
});
