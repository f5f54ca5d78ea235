import { readFileSync } from 'node:fs';
import { Audit, Prompt, Resource } from 'secure-mcp';
import { createTestClient } from 'secure-mcp/testing';

/** Returns contents whose `_meta` holds a BigInt: the wire cannot carry it. */
@Resource({ uri: 'test://bigint-meta', name: 'bigint-meta' })
@Audit()
class BigIntMeta {
  read() {
    return { contents: [{ text: 'counted', _meta: { count: 10n } }] };
  }
}

/** Renders a message whose text getter answers differently the second time it is read. */
@Prompt({ name: 'two-faced' })
@Audit()
class TwoFaced {
  render() {
    let reads = 0;
    return [
      {
        role: 'user',
        content: {
          type: 'text',
          get text(): string {
            reads++;
            return reads === 1 ? 'harmless' : `second read ${reads}`;
          },
        },
      },
    ];
  }
}

describe('resources and prompts are mapped to plain data once (issue 11, same class)', () => {
  it('a BigInt in resource contents ends the read as an audited internal error, not a lost response', async () => {
    const t = await createTestClient({ resources: [BigIntMeta] });
    await expect(t.client.readResource({ uri: 'test://bigint-meta' })).rejects.toThrow(
      /resource bigint-meta failed with an internal error \(reference: [0-9a-f-]{36}\)/,
    );
    const records = readFileSync(t.auditFile, 'utf8') // before close(), which removes the temp folder
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    await t.close();
    expect(records).toEqual([
      expect.objectContaining({ tool: 'bigint-meta', outcome: 'error', reason: 'internal' }),
    ]);
  });

  it('a prompt message is read once: what was measured is what is sent', async () => {
    const t = await createTestClient({ prompts: [TwoFaced] });
    const got = await t.client.getPrompt({ name: 'two-faced' });
    expect(got.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'harmless' } }]);
    await t.close();
  });
});
