import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, ROOT, runCli, tempDir } from './helpers';

// Issue 15: the CLI reads the decorators' metadata from the built entry, so constants are resolved. The aws
// template declares its limits and ARNs as constants, which a source scan could only print as names.

let project: string;

/** The aws template as `npm create secure-mcp` writes it, built with tsc against this package's dist/. */
function buildAwsTemplate(): string {
  const dir = join(tempDir(), 'aws-app');
  const fill = (text: string) =>
    text
      .replace(/__NAME__|__SERVER_NAME__/g, 'aws-app')
      .replace(/__FRAMEWORK__/g, 'file:..')
      .replace(/__SDK_LINE__/g, '2');
  cpSync(join(ROOT, 'templates/aws/src'), join(dir, 'src'), { recursive: true });
  const server = join(dir, 'src', 'server.ts');
  writeFileSync(server, fill(readFileSync(server, 'utf8')));
  cpSync(join(ROOT, 'templates/aws/secure-mcp.config.json'), join(dir, 'secure-mcp.config.json'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json'])
    cpSync(join(ROOT, 'templates/_shared', f), join(dir, f));
  writeFileSync(
    join(dir, 'package.json'),
    fill(readFileSync(join(ROOT, 'templates/aws/package.json.tmpl'), 'utf8')),
  );
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'secure-mcp'));
  for (const dep of ['class-validator', 'reflect-metadata', '@types'])
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
  return dir;
}

beforeAll(() => (project = buildAwsTemplate()), 120_000);
afterAll(cleanup);

describe('the CLI on the aws template (entry from package.json "main")', () => {
  it('iam-policy exits 0 with the resolved resource ARNs', () => {
    const r = runCli(['iam-policy'], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { Statement: { Action: string[]; Resource: string[] }[] };
    const grants = doc.Statement.flatMap((s) =>
      s.Action.flatMap((a) => s.Resource.map((res) => `${a} ${res}`)),
    );
    expect(grants.sort()).toEqual([
      'dynamodb:GetItem arn:aws:dynamodb:us-east-1:123456789012:table/Users',
      's3:GetObject arn:aws:s3:::my-app-data/*',
      's3:ListBucket arn:aws:s3:::my-app-data',
    ]);
  });

  it('tools prints the limits the constants hold, not their names', () => {
    const r = runCli(['tools', '--project', project]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^s3_get_object\s+read-only\s+20\/1m\s+yes/m);
    expect(r.stdout).not.toMatch(/S3_GET_OBJECT_LIMIT|_LIMIT/);
  });

  it('policy check passes it against its own team policy', () => {
    const r = runCli(['policy', 'check', '--project', project]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('3 tools comply.') });
  });
});
