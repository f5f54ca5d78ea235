import type { ToolDefinition } from '../../../src/metadata/types';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  checkPolicy,
  hostAllowed,
  loadPolicyFile,
  mergePolicies,
  PolicyError,
  policyProblems,
  validatePolicy,
  type PolicyToolView,
} from '../../../src/security/policy';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'policy-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(rel: string, value: unknown): string {
  const file = join(dir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const tool = (over: Partial<PolicyToolView> = {}): PolicyToolView => ({
  name: 't',
  readOnly: true,
  rateLimits: [{}],
  audit: {},
  iam: [],
  ...over,
});

describe('team policy', () => {
  it('validates every key and names the problems', () => {
    expect(
      policyProblems({ requireAudit: true, network: { allow: ['*.example.com'] }, failOn: 'medium' }),
    ).toEqual([]);
    expect(
      policyProblems({
        requireAudit: 'yes',
        maxSecretAgeDays: 0,
        failOn: 'critical',
        typo: 1,
        network: { allow: ['http://x'] },
      }),
    ).toEqual([
      'unknown key "typo"',
      '"requireAudit" must be true or false',
      '"network.allow": "http://x" is not a host name',
      '"maxSecretAgeDays" must be a positive whole number',
      '"failOn" must be "low", "medium" or "high"',
    ]);
    expect(() => validatePolicy([], 'x.json')).toThrow(PolicyError);
  });

  it('merges with local keys winning and network merged', () => {
    expect(
      mergePolicies(
        { readOnly: true, network: { allow: ['a.com'] }, extends: 'x' },
        { readOnly: false, requireAudit: true },
      ),
    ).toEqual({
      readOnly: false,
      requireAudit: true,
      network: { allow: ['a.com'] },
    });
  });

  it('loads a chain of relative extends, base first', () => {
    put('base/secure-mcp.config.json', { requireAudit: true, maxSecretAgeDays: 30 });
    put('team.json', { extends: './base', readOnly: true });
    const local = put('secure-mcp.config.json', { extends: ['./team.json'], maxSecretAgeDays: 60 });
    const loaded = loadPolicyFile(local);
    expect(loaded.policy).toEqual({ requireAudit: true, readOnly: true, maxSecretAgeDays: 60 });
    expect(loaded.files.map((f) => f.slice(dir.length))).toEqual([
      '/base/secure-mcp.config.json',
      '/team.json',
      '/secure-mcp.config.json',
    ]);
  });

  it('resolves a package root policy when the package has no main', () => {
    put('node_modules/@acme/p/package.json', { name: '@acme/p' });
    put('node_modules/@acme/p/secure-mcp.config.json', { requireRateLimit: true });
    const local = put('secure-mcp.config.json', { extends: '@acme/p' });
    expect(loadPolicyFile(local).policy).toEqual({ requireRateLimit: true });
  });

  it('refuses cycles, missing and non-JSON extends', () => {
    put('a.json', { extends: './secure-mcp.config.json' });
    expect(() => loadPolicyFile(put('secure-mcp.config.json', { extends: './a.json' }))).toThrow(/cycle/);
    expect(() => loadPolicyFile(put('secure-mcp.config.json', { extends: '@nope/nothing' }))).toThrow(
      /cannot find the policy "@nope\/nothing"/,
    );
    writeFileSync(join(dir, 'code.js'), 'module.exports = {}');
    expect(() => loadPolicyFile(put('secure-mcp.config.json', { extends: './code.js' }))).toThrow(
      /not a JSON file/,
    );
  });

  it('checks each rule and names tool and rule', () => {
    const policy = {
      requireRateLimit: true,
      requireAudit: true,
      readOnly: true,
      forbidWildcardIam: true,
      network: { allow: ['*.example.com'] },
      allowedSecretProviders: ['env'],
    };
    expect(checkPolicy(policy, [tool()])).toEqual([]);
    const bad = tool({
      name: 'w',
      readOnly: false,
      rateLimits: [],
      audit: undefined,
      iam: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'], allowWildcard: true, reason: 'r' }],
      egress: ['api.example.com', 'evil.com'],
      secrets: [{ name: 'K', provider: 'aws' }],
    });
    expect(checkPolicy(policy, [bad]).map((v) => `${v.tool}:${v.rule}`)).toEqual([
      'w:requireRateLimit',
      'w:requireAudit',
      'w:readOnly',
      'w:forbidWildcardIam',
      'w:network.allow',
      'w:allowedSecretProviders',
    ]);
    expect(checkPolicy(policy, [bad])[4].message).toMatch(/evil\.com/);
    expect(checkPolicy(policy, [bad])[4].message).not.toMatch(/api\.example\.com/);
  });

  it('accepts the ToolDefinition objects createServer reads (for start-up enforcement)', () => {
    const defs: ToolDefinition[] = [];
    expect(checkPolicy({ requireAudit: true }, defs)).toEqual([]);
  });
});

describe('hostAllowed matches hosts as SafeFetch does (one implementation)', () => {
  it('normalises names like the URL parser: IDN to punycode, case, trailing dot', () => {
    expect(hostAllowed('shop.xn--bcher-kva.example', ['*.bücher.example'])).toBe(true);
    expect(hostAllowed('API.Example.COM.', ['api.example.com'])).toBe(true);
    expect(hostAllowed('*.a.example.com', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('evil-example.com', ['*.example.com'])).toBe(false);
  });
});
