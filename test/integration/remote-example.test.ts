import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const MAIN = join(__dirname, '../../build/examples/remote/main.js');

describe('examples/remote (built; run `npm run build` first)', () => {
  it('goes from a bare 401 to a token by discovery, calls a tool, and steps up on 403', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [MAIN], { timeout: 30_000 });
    const lines = stdout.trim().split('\n');
    const wellKnown = /\/\.well-known\/oauth-protected-resource\/mcp/;
    expect(lines[1]).toMatch(/^1\. 401 from http:\/\/127\.0\.0\.1:\d+\/mcp: resource_metadata=/);
    expect(lines[1]).toMatch(wellKnown);
    expect(lines[1]).toMatch(/scope=docs:read$/);
    expect(lines[2]).toMatch(
      /^2\. resource http:\/\/127\.0\.0\.1:\d+\/mcp: authorization server http:\/\/127\.0\.0\.1:\d+, scopes docs:read docs:write$/,
    );
    expect(lines[3]).toMatch(/^3\. token endpoint http:\/\/127\.0\.0\.1:\d+\/token$/);
    expect(lines[4]).toBe('4. connected with scope "docs:read": tools read_doc');
    expect(lines[5]).toMatch(
      /^5\. read_doc → Hello from a remote secure-mcp server\. \[read by http:\/\/127\.0\.0\.1:\d+#example-agent\]$/,
    );
    expect(lines[6]).toBe('6. save_doc without its scope → 403 insufficient_scope, scope=docs:write');
    expect(lines[7]).toBe('7. with the new token: save_doc → saved notes');
  }, 40_000);
});
