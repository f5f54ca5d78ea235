import { clientSecretAdvice } from '../../../src/security/secrets/client-placeholders';
// @ts-expect-error plain ESM of the create-secure-mcp package, no types
import { clientSecretAdvice as scaffoldAdvice } from '../../../create-app/lib/client-advice.mjs';
// @ts-expect-error plain ESM of the create-secure-mcp package, no types
import { nextSteps } from '../../../create-app/lib/next-steps.mjs';

// Issue 17 item 2: the scaffolder's advice is per client, and the same text as the server's start-up error.

const steps = (info: { secrets?: string[]; clientEnv?: string[] }): string =>
  nextSteps({
    dir: '/work/app',
    cwd: '/work',
    serverName: 'app',
    packageManager: 'npm',
    installed: false,
    info,
  });

describe('scaffold next steps', () => {
  it('gives the same per-client advice as the server', () => {
    expect(scaffoldAdvice('GITHUB_TOKEN')).toEqual(clientSecretAdvice('GITHUB_TOKEN'));
  });

  it('says per client how to pass a secret, and puts no ${NAME} into the Claude Desktop config', () => {
    const out = steps({ secrets: ['GITHUB_TOKEN'] });
    for (const line of clientSecretAdvice('GITHUB_TOKEN')) expect(out).toContain(`  - ${line}`);
    const config = JSON.parse(out.slice(out.indexOf('{', out.indexOf('claude_desktop_config.json'))));
    expect(config).toEqual({ mcpServers: { app: { command: 'node', args: ['/work/app/dist/server.js'] } } });
  });

  it('sends settings to .env rather than to ${NAME} placeholders Claude Desktop would pass literally', () => {
    const out = steps({ clientEnv: ['AWS_PROFILE', 'AWS_REGION'] });
    expect(out).toMatch(/Settings AWS_PROFILE, AWS_REGION: put them in the project's \.env/);
    expect(out).not.toContain('${AWS_PROFILE}');
  });
});
