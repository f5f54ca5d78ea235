import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describeWithRedis, startRedis, type RedisServer } from '../support/redis';

const SERVER = join(__dirname, '../../build/test/fixtures/servers/limited-server.js');
const STATE = mkdtempSync(join(tmpdir(), 'redis-servers-state-'));

async function spawnReplica(env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    env: {
      ...(process.env as Record<string, string>),
      SECURE_MCP_STATE_DIR: STATE,
      // Windows are aligned to the clock: a fixed one keeps the 30 calls in one window.
      RATE_LIMIT_CLOCK_MS: String(Date.UTC(2026, 0, 1, 12, 0, 30)),
      ...env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  const client = new Client({ name: 'replica-test', version: '1' });
  await client.connect(transport);
  transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const call = async () => {
    const r = await client.callTool({ name: 'limited', arguments: {} });
    return { isError: r.isError === true, text: (r.content as Array<{ text: string }>)[0]!.text };
  };
  return { client, call, stderr: () => stderr };
}

describeWithRedis('rate limits shared by server processes through a real Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('two spawned servers share one limit (20 an hour for the tool)', async () => {
    const env = { REDIS_URL: redis.url, KEY_PREFIX: `shared-${Date.now()}` };
    const [a, b] = await Promise.all([spawnReplica(env), spawnReplica(env)]);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).call()));
    expect(results.filter((r) => !r.isError)).toHaveLength(20);
    const denied = results.filter((r) => r.isError);
    expect(denied).toHaveLength(10);
    for (const d of denied) expect(d.text).toMatch(/^rate limit exceeded for limited; retry in \d+ s$/);
    expect(new Set(results.filter((r) => !r.isError).map((r) => r.text)).size).toBe(2); // both served some
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('Redis killed: failClosed denies with a clear message, failOpen serves and warns', async () => {
    const prefix = `outage-${Date.now()}`;
    const closed = await spawnReplica({ REDIS_URL: redis.url, KEY_PREFIX: prefix });
    const open = await spawnReplica({ REDIS_URL: redis.url, KEY_PREFIX: prefix, FAIL_MODE: 'open' });
    expect((await closed.call()).isError).toBe(false);
    await redis.kill();
    const refused = await closed.call();
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(
      /^rate limit unavailable \(store unreachable\) for limited; retry in \d+ s$/,
    );
    expect(refused.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    const served = await open.call();
    expect(served).toEqual({ isError: false, text: expect.stringMatching(/^served by \d+$/) });
    expect(open.stderr()).toMatch(/warn/);
    await redis.restart();
    await Promise.all([closed.client.close(), open.client.close()]);
  });
});
