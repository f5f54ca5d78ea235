import { readFileSync } from 'node:fs';
import { Audit, RateLimit, ReadOnly, Tool, type ToolContext } from '../../../src';
import { AUDIENCE, connectClient, SECRET, startHttp, token, type Started } from './helpers';

class Empty {}

@Tool({ name: 'once', description: 'Once a minute per principal', input: Empty })
@ReadOnly()
@RateLimit({ limit: 1, window: '1m' })
@Audit()
class OnceTool {
  execute(_input: Empty, ctx: ToolContext) {
    return ctx.principal.id;
  }
}

const A = 'https://idp-a.test';
const B = 'https://idp-b.test';
let s: Started;
beforeAll(async () => {
  s = await startHttp(
    [OnceTool],
    { auth: { audience: AUDIENCE, key: SECRET, issuer: [A, B] } },
    // Windows are aligned to the clock: a fixed clock keeps alice's two calls in one window.
    { rateLimit: { clock: () => Date.UTC(2026, 0, 1, 12, 0, 30) } },
  );
});
afterAll(() => s.server.close());

const call = async (issuer: string) => {
  const { client } = await connectClient(s.listener.url, await token({ iss: issuer }, { subject: 'alice' }));
  const result = await client.callTool({ name: 'once', arguments: {} });
  await client.close();
  return { isError: result.isError === true, text: (result.content as Array<{ text: string }>)[0].text };
};

describe('a principal is iss + sub', () => {
  it('gives the same sub from two trusted issuers different ids, rate-limit buckets and audit identities', async () => {
    expect(await call(A)).toEqual({ isError: false, text: `${A}#alice` });
    const limited = await call(A);
    expect(limited.isError).toBe(true);
    expect(limited.text).toMatch(/rate limit/i);
    // The other issuer's alice is someone else: her own bucket is untouched.
    expect(await call(B)).toEqual({ isError: false, text: `${B}#alice` });

    const deadline = Date.now() + 3000;
    const records = () =>
      readFileSync(s.server.auditFile, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { principal: string; outcome: string });
    while (records().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(records().map((r) => [r.principal, r.outcome])).toEqual([
      [`${A}#alice`, 'success'],
      [`${A}#alice`, 'denied'],
      [`${B}#alice`, 'success'],
    ]);
  });
});
