import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type SecureMcpServer, type ServerOptions } from '../server/create-server';
import { connectInMemory, type Client } from '../server/in-memory';
import type { Class } from '../metadata/types';

/** Options of {@link createTestClient}: server options with `name`/`version` optional. */
export type TestClientOptions = Partial<ServerOptions> & { tools?: Class[] };

/** A result as tests see it. */
export type TestCallResult = Awaited<ReturnType<Client['callTool']>>;

/** The SDK's real `Client`, connected in memory to a real secure-mcp server. */
export interface TestClient {
  readonly client: Client;
  readonly server: SecureMcpServer;
  /** The audit log file of this server. */
  readonly auditFile: string;
  listTools(): ReturnType<Client['listTools']>;
  callTool(
    name: string,
    args?: Record<string, unknown>,
    options?: { signal?: AbortSignal; timeout?: number },
  ): Promise<TestCallResult>;
  /** Text of the first text block of a result (convenience for assertions). */
  text(result: TestCallResult): string;
  close(): Promise<void>;
}

/**
 * Starts a server with the given tools and connects the SDK client to it in memory. Logging is silent unless
 * `logging` says otherwise; secrets come from `secrets.values` (no `.env`, no keychain unless asked); the
 * audit log goes to a fresh temp file (`auditFile`) unless `audit.file` is given.
 *
 * @example
 * ```ts
 * const t = await createTestClient({ tools: [EchoTool] });
 * const result = await t.callTool('echo', { message: 'hi' });
 * await t.close();
 * ```
 */
export async function createTestClient(options: TestClientOptions = {}): Promise<TestClient> {
  const server = await createServer({
    name: 'test-server',
    version: '0.0.0',
    logging: { silent: true },
    ...options,
    // Hermetic by default: secrets only from `secrets.values` (and the environment), audit in a temp file.
    secrets: { envFile: false, keychain: false, ...options.secrets },
    usage: options.usage ?? false,
    audit: { file: join(mkdtempSync(join(tmpdir(), 'secure-mcp-test-')), 'audit.jsonl'), ...options.audit },
  });
  const client = await connectInMemory(server);
  return {
    client,
    server,
    auditFile: server.auditFile,
    listTools: () => client.listTools(),
    callTool: (name, args, opts) =>
      client.callTool({ name, arguments: args }, undefined, { signal: opts?.signal, timeout: opts?.timeout }),
    text: (result) => {
      const content = result.content as Array<{ type: string; text?: string }> | undefined;
      return content?.find((c) => c.type === 'text')?.text ?? '';
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}
