import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Start-up cost (issue 14): importing secure-mcp, and building a server that does not use them, must not
// load the packages only some servers need. Checked in a fresh process on the built package (the global
// setup builds it), through its own name as a user's code imports it.
const ROOT = join(__dirname, '..', '..');

/** Packages (by directory under node_modules) a script running in a fresh process has loaded. */
function loadedPackages(script: string): string[] {
  const run = spawnSync(
    process.execPath,
    [
      '-e',
      `${script}
      .then(() => {
        const names = new Set();
        for (const key of Object.keys(require.cache)) {
          const m = key.split('/node_modules/').pop().match(/^(@[^/]+\\/[^/]+|[^/]+)/);
          if (key.includes('/node_modules/') && m) names.add(m[1]);
        }
        process.stderr.write('LOADED ' + JSON.stringify([...names]) + '\\n');
      })
      .catch((e) => { process.stderr.write('FAILED ' + e.stack + '\\n'); process.exitCode = 1; });`,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.stderr).toContain('LOADED ');
  return JSON.parse(run.stderr.split('LOADED ')[1].split('\n')[0]) as string[];
}

// Only HTTP auth needs jose, only Redis stores ioredis, only the keychain provider the native binding,
// only a logger or audit transports winston; undici, hono and OpenTelemetry are loaded on use as well.
const ON_DEMAND = [
  'jose',
  'ioredis',
  '@napi-rs/keyring',
  'winston',
  'winston-transport',
  'undici',
  'hono',
  '@opentelemetry/api',
  'commander',
  '@clack/prompts',
];

describe('import cost of the built package', () => {
  it("require('secure-mcp') loads none of the packages only some servers use", () => {
    const loaded = loadedPackages(`Promise.resolve(require('secure-mcp'))`);
    expect(loaded).toContain('class-validator'); // the script did load the package
    expect(loaded.filter((name) => ON_DEMAND.includes(name))).toEqual([]);
  });

  it('a server with its own logger and an audit file (no transports) does not load them either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cost-'));
    try {
      const loaded = loadedPackages(`
        const { createServer } = require('secure-mcp');
        const noop = () => {};
        const logger = { error: noop, warn: noop, info: noop, debug: noop, log: noop, child: () => logger };
        createServer({ name: 'lazy', version: '1.0.0', tools: [], logger, baseDir: ${JSON.stringify(dir)},
          audit: { file: ${JSON.stringify(join(dir, 'audit.jsonl'))} } }).then((server) => server.close())`);
      // the server was built: one of the SDK lines was loaded (the newer one when both are installed)
      expect(loaded.filter((name) => name.startsWith('@modelcontextprotocol/'))).not.toEqual([]);
      expect(loaded.filter((name) => ON_DEMAND.includes(name))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
