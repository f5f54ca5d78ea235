import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { Audit, Resource, SafeFs } from 'secure-mcp';

const OUTSIDE = 'canary-outside-root-not-a-real-secret-5120';

class SegmentParams {
  @IsArray() @ArrayMaxSize(16) @IsString({ each: true }) @MaxLength(100, { each: true }) path!: string[];
  @IsOptional() @IsString() @MaxLength(3) lang?: string;
}

/** `{/path*}`: each segment a list item; only SafeFs stands between the decoded segments and the disk. */
@Resource({ uriTemplate: 'tree://root{/path*}{?lang:3}', name: 'tree', params: SegmentParams })
@Audit()
class TreeFile {
  constructor(private readonly fs: SafeFs) {}
  read(p: SegmentParams) {
    return this.fs.readText(p.path.join('/'));
  }
}

describe('exploded template variables through the real SDK client', () => {
  let t: TestClient;
  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'tree-'));
    const root = join(base, 'root');
    mkdirSync(join(root, 'a'), { recursive: true });
    writeFileSync(join(root, 'a', 'b.txt'), 'inside');
    writeFileSync(join(base, 'secret.txt'), OUTSIDE);
    t = await createTestClient({ resources: [TreeFile], roots: [root] });
  });
  afterAll(() => t.close());

  it('reads a path given as exploded segments, with an optional prefix-limited query', async () => {
    const read = await t.client.readResource({ uri: 'tree://root/a/b.txt?lang=en' });
    expect(read.contents[0]).toMatchObject({ text: 'inside' });
    expect(t.auditRecords().at(-1)).toMatchObject({ args: { path: ['a', 'b.txt'], lang: 'en' } });
  });

  it.each([
    ['tree://root/..%2Fsecret.txt', 'traversal encoded in one segment'],
    ['tree://root/%2e%2e/secret.txt', 'an encoded dot-dot segment'],
    ['tree://root/a/..%2F..%2Fsecret.txt', 'traversal after a real segment'],
    ['tree://root/%252e%252e/secret.txt', 'double encoding'],
    ['tree://root/a/b.txt%00', 'an encoded NUL'],
  ])('refuses %s (%s) without reaching the file outside', async (uri) => {
    const error = (await t.client.readResource({ uri }).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).not.toContain(OUTSIDE);
    expect(t.auditRecords().at(-1)).toMatchObject({ outcome: expect.stringMatching(/denied|failure/) });
  });

  it('does not match a query value longer than its prefix', async () => {
    await expect(t.client.readResource({ uri: 'tree://root/a/b.txt?lang=english' })).rejects.toThrow(
      /not found/i,
    );
  });
});
