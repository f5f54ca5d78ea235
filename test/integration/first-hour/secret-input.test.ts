import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

// `secure-mcp secrets set` reads the value from stdin when stdin is not a terminal; the terminal path is the
// @clack/prompts password prompt. This drives the built reader in a real child process with a pipe.

const READER = resolve(__dirname, '../../../dist/cli/read-secret-input.js');
const CANARY = 'canary-piped-secret-not-a-real-secret';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const PTY_DRIVER = resolve(__dirname, '../../fixtures/cli/pty-drive.py');
// Prints the sha256 of what was read, so the value itself never reaches any output.
const SCRIPT =
  `require(${JSON.stringify(READER)}).readSecretInput('Value for API_KEY').then((v) => ` +
  `process.stderr.write('HASH:' + require('node:crypto').createHash('sha256').update(v).digest('hex')))`;

function readPiped(input: string) {
  return spawnSync(process.execPath, ['-e', SCRIPT], { input, encoding: 'utf8' });
}

describe('readSecretInput over a pipe', () => {
  it.each([
    ['with a trailing newline', `${CANARY}\n`],
    ['with a CRLF', `${CANARY}\r\n`],
    ['without a newline', CANARY],
  ])('reads the whole of stdin %s, prints no prompt and echoes nothing', (_label, input) => {
    const r = readPiped(input);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`HASH:${sha(CANARY)}`);
    expect(r.stdout).toBe('');
  });

  it('keeps inner newlines (multi-line secrets such as PEM keys)', () => {
    const r = readPiped(`${CANARY}\nline-two\n`);
    expect(r.stderr).toBe(`HASH:${sha(`${CANARY}\nline-two`)}`);
  });
});

describe('readSecretInput on a terminal', () => {
  it('prompts through a masked password prompt and reads the typed value without echoing it', () => {
    const r = spawnSync('python3', [PTY_DRIVER, SCRIPT, CANARY, process.execPath], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Value for API_KEY');
    expect(r.stdout).toContain(`HASH:${sha(CANARY)}`);
    expect(r.stdout).not.toContain(CANARY);
  });
});
