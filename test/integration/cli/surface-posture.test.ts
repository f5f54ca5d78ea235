import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtProject, cleanup, put, runCli, tempDir } from './helpers';

afterAll(cleanup);

const DOCS_ENTRY = join(__dirname, '../../../build/examples/docs/server.js');

const SOURCE = `import { Audit, Prompt, RateLimit, Resource } from 'secure-mcp';

@Resource({ uri: 'crm://customers', name: 'customers' })
export class Customers {
  read() { return 'list'; }
}

@Prompt({ name: 'triage', description: 'Triage a ticket' })
@RateLimit({ limit: 5, window: '1m' })
@Audit()
export class Triage {
  render() { return 'triage'; }
}
`;

describe('secure-mcp tools and audit cover resources and prompts', () => {
  it('tools --entry prints the posture of resources and prompts with their kind', () => {
    const docs = tempDir();
    mkdirSync(join(docs, 'docs'));
    const r = runCli(['tools', '--entry', DOCS_ENTRY, '--json'], {
      env: { DOCS_ROOT: join(docs, 'docs'), DOCS_API_TOKEN: 'canary-cli-posture-not-real' },
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tools: Array<Record<string, unknown>> };
    expect(out.tools.map((t) => [t.kind, t.name])).toEqual([
      ['resource', 'index'],
      ['resource', 'doc'],
      ['resource', 'status'],
      ['prompt', 'summarize'],
      ['prompt', 'review'],
    ]);
    expect(out.tools[0]).toMatchObject({
      readOnly: true,
      rateLimits: [{ limit: 60, window: '1m', by: 'principal' }],
      audit: {},
      scopes: ['docs:read'],
    });
    expect(out.tools[2]).toMatchObject({ secrets: [expect.objectContaining({ name: 'DOCS_API_TOKEN' })] });
    expect(r.stdout).not.toContain('canary-cli-posture-not-real');
    const table = runCli(['tools', '--entry', DOCS_ENTRY], {
      env: { DOCS_ROOT: join(docs, 'docs'), DOCS_API_TOKEN: 'canary-cli-posture-not-real' },
    });
    expect(table.stdout).toMatch(/^index \(resource\)\s+read-only\s+60\/1m\s+yes\s+-\s+docs:read/m);
    expect(table.stdout).toMatch(/^summarize \(prompt\)\s+read-only\s+30\/1m\s+yes/m);
  });

  it('tools reads @Resource and @Prompt classes from the entry package.json names', () => {
    const project = builtProject(`class Customers { read() { return 'list'; } }
decorate(Customers, Resource({ uri: 'crm://customers', name: 'customers' }));
class Triage { render() { return 'triage'; } }
decorate(Triage, Prompt({ name: 'triage', description: 'Triage a ticket' }), RateLimit({ limit: 5, window: '1m' }), Audit());`);
    const tools = runCli(['tools', '--project', project, '--json']);
    const read = (JSON.parse(tools.stdout) as { tools: Array<Record<string, unknown>> }).tools;
    expect(read.map((t) => [t.kind, t.name, t.readOnly, t.uri])).toEqual([
      ['resource', 'customers', true, 'crm://customers'],
      ['prompt', 'triage', true, undefined],
    ]);
  });

  it('the static scan of audit finds @Resource and @Prompt classes and reports their missing guards', () => {
    const project = tempDir();
    put(join(project, 'src/capabilities.ts'), SOURCE);
    const audit = runCli(['audit', '--json', '--no-clients', '--project', project]);
    const findings = (JSON.parse(audit.stdout) as { findings: Array<{ id: string; title: string }> }).findings
      .filter((f) => f.id.startsWith('tool-'))
      .map((f) => `${f.id}: ${f.title}`)
      .sort();
    expect(findings).toEqual([
      'tool-no-audit: Resource "customers" has no @Audit',
      'tool-no-rate-limit: Resource "customers" has no @RateLimit',
    ]);
  });
});
