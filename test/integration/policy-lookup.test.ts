import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

const ENTRY = `
require('reflect-metadata');
const { createServer, Tool } = require('secure-mcp');
class Empty {}
class PingTool { execute() { return 'pong'; } }
Tool({ name: 'ping', description: 'Ping', input: Empty })(PingTool);
createServer({ name: 'policy-lookup', version: '1.0.0', tools: [PingTool] })
  .then((server) => server.listen())
  .catch((error) => { console.error(error.message); process.exit(1); });
`;

/** A project whose policy requires audit, started the way MCP clients do: from another working directory. */
it('finds the team policy next to the entry script when started from /', () => {
  const project = mkdtempSync(join(tmpdir(), 'policy-project-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'secure-mcp'), 'dir');
  symlinkSync(
    join(ROOT, 'node_modules', 'reflect-metadata'),
    join(project, 'node_modules', 'reflect-metadata'),
    'dir',
  );
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'policy-project', private: true }));
  writeFileSync(join(project, 'secure-mcp.config.json'), JSON.stringify({ requireAudit: true }));
  mkdirSync(join(project, 'dist'));
  writeFileSync(join(project, 'dist', 'server.js'), ENTRY);
  const run = spawnSync(process.execPath, [join(project, 'dist', 'server.js')], {
    cwd: '/',
    input: '',
    encoding: 'utf8',
    env: { ...process.env, SECURE_MCP_STATE_DIR: join(project, 'state') },
    timeout: 20_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/team policy .*secure-mcp\.config\.json.* is not met/);
  expect(run.stderr).toMatch(/ping: requireAudit/);
  expect(run.stdout).toBe('');
});
