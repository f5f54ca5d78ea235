import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { HASH_TEXT_LIMIT, HashTextTool } from '../src/tools/hash-text';

describe('hash_text', () => {
  let t: TestClient;

  beforeEach(async () => {
    // A fresh server per test: rate-limit counters start at zero.
    t = await createTestClient({ tools: [HashTextTool] });
  });
  afterEach(() => t.close());

  it('is listed as a read-only tool with a closed input schema', async () => {
    const { tools } = await t.listTools();
    const tool = tools.find((x) => x.name === 'hash_text');
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    expect(tool?.inputSchema).toMatchObject({ additionalProperties: false, required: ['text'] });
  });

  it('hashes a text', async () => {
    const result = await t.callTool('hash_text', { text: 'hello', algorithm: 'sha512' });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(t.text(result))).toEqual({
      algorithm: 'sha512',
      digest: createHash('sha512').update('hello').digest('hex'),
    });
  });

  it.each([
    ['a missing text', {}],
    ['an empty text', { text: '' }],
    ['an unknown algorithm', { text: 'x', algorithm: 'md5' }],
    ['an unknown property', { text: 'x', shell: 'rm -rf /' }],
    ['a text of the wrong type', { text: { toString: 'x' } }],
  ])('rejects %s without running the tool', async (_case, args) => {
    const result = await t.callTool('hash_text', args);
    expect(result.isError).toBe(true);
    // Validation messages name the field, never echo what the client sent.
    expect(t.text(result)).not.toContain('rm -rf');
  });

  it('denies calls over the rate limit', async () => {
    for (let i = 0; i < HASH_TEXT_LIMIT; i++) {
      expect((await t.callTool('hash_text', { text: `call ${i}` })).isError).toBeFalsy();
    }
    const denied = await t.callTool('hash_text', { text: 'one too many' });
    expect(denied.isError).toBe(true);
    expect(t.text(denied)).toMatch(/rate limit exceeded for hash_text; retry in \d+ ?s/);
  });
});
