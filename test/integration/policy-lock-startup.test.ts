import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Audit, RateLimit, StartupError, Tool } from '../../src';
import { createTestClient } from '../../src/testing';

class Empty {}

@Tool({ name: 'ping', description: 'Ping', input: Empty })
@RateLimit({ limit: 3, window: '1m' })
@Audit()
class PingTool {
  execute() {
    return 'pong';
  }
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'policy-lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Issue 18 item 7: a server refuses to start on a local policy that weakens a rule the team locked.
it('refuses to start when a local policy weakens a locked team rule, naming the rule and both files', async () => {
  const team = join(dir, 'team', 'secure-mcp.config.json');
  mkdirSync(join(dir, 'team'));
  writeFileSync(
    team,
    JSON.stringify({ requireAudit: true, maxSecretAgeDays: 90, locked: ['maxSecretAgeDays'] }),
  );
  const local = join(dir, 'secure-mcp.config.json');
  writeFileSync(local, JSON.stringify({ extends: './team', maxSecretAgeDays: 36500 }));
  const error = await createTestClient({ tools: [PingTool], policy: local }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StartupError);
  const message = (error as Error).message;
  expect(message).toContain('"maxSecretAgeDays" is locked');
  expect(message).toContain(team);
  expect(message).toContain(local);

  // Without the lock the same file starts (the weakening is reported by `secure-mcp audit` instead).
  writeFileSync(team, JSON.stringify({ requireAudit: true, maxSecretAgeDays: 90 }));
  const client = await createTestClient({ tools: [PingTool], policy: local });
  await client.close();
});
