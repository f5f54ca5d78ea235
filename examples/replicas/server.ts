import 'reflect-metadata';
import { hostname } from 'node:os';
import { createServer, RateLimit, ReadOnly, Tool, type ToolContext } from 'secure-mcp';

class Empty {}

/** Says which replica answered: run two and watch one session move between them. */
@Tool({
  name: 'where',
  description: 'Which replica served this call, for whom, in which session',
  input: Empty,
})
@ReadOnly()
@RateLimit({ limit: 30, window: '1m' }) // per principal, counted in Redis: the same 30 on every replica
class Where {
  execute(_input: Empty, ctx: ToolContext) {
    return `replica ${process.env.REPLICA ?? `${hostname()}:${process.pid}`} served ${ctx.principal.id} in session ${ctx.sessionId}`;
  }
}

/**
 * One replica of a deployment: every replica of it runs this with the same REDIS_URL and token settings,
 * behind any load balancer (no sticky sessions needed).
 *
 *   REDIS_URL=redis://127.0.0.1:6379 PORT=3001 REPLICA=a MCP_AUDIENCE=https://mcp.example.com/mcp \
 *   MCP_ISSUER=https://auth.example.com MCP_JWKS_URL=https://auth.example.com/jwks node build/examples/replicas/server.js
 */
async function main() {
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const server = await createServer({
    name: 'replicas-example',
    version: '1.0.0',
    tools: [Where],
    rateLimit: { redis },
  });
  const listener = await server.listenHttp({
    port: Number(process.env.PORT ?? 3001),
    publicUrl: process.env.MCP_PUBLIC_URL,
    auth:
      process.env.MCP_AUTH === 'off'
        ? false
        : {
            audience: process.env.MCP_AUDIENCE ?? '',
            issuer: process.env.MCP_ISSUER,
            jwksUrl: process.env.MCP_JWKS_URL ?? '',
          },
    // Sessions, SSE events and pending elicitations in Redis: any replica serves any session.
    store: { redis },
  });
  process.stderr.write(`replica listening on ${listener.url}\n`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
