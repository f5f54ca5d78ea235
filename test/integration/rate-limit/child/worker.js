// A separate OS process that uses the rate limiter against a shared Redis (two-process test).
// argv: redisUrl toolName limit window calls clockMs. Prints "ready", waits for "go" on stdin, fires all
// calls at once, prints {"allowed":n} and exits. TypeScript is compiled on the fly (test/support/register-ts.js).
require('../../../support/register-ts.js');

const { RateLimiter } = require('../../../../src/security/rate-limit');

async function main() {
  const [url, tool, limit, window, calls, clockMs] = process.argv.slice(2);
  const limiter = new RateLimiter({ redis: url, clock: () => Number(clockMs) });
  if (!(await limiter.ready())) throw new Error('redis not ready');
  const check = limiter.forTool(tool, [{ limit: Number(limit), window }]);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const ctx = { principal: { id: 'shared-user' }, sessionId: `pid-${process.pid}` };
  const decisions = await Promise.all(Array.from({ length: Number(calls) }, () => check(ctx)));
  process.stdout.write(JSON.stringify({ allowed: decisions.filter((d) => d.allowed).length }) + '\n');
  await limiter.close();
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
