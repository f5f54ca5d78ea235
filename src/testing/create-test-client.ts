import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type SecureMcpServer, type ServerOptions } from '../server/create-server';
import {
  connectInMemory,
  type Client,
  type ClientBehaviour,
  type ElicitationAnswer,
  type ElicitationRequest,
} from '../server/in-memory';
import type { Class } from '../metadata/types';
import type { AuditRecord } from '../audit';

export type { ElicitationAnswer, ElicitationRequest };

/**
 * Options of {@link createTestClient}: server options with `name`/`version` optional, plus how the client
 * answers the server's requests.
 */
export type TestClientOptions = Partial<ServerOptions> & {
  tools?: Class[];
  /**
   * Answers `elicitation/create` (and so `@Confirm`). Default: the client supports elicitation and declines
   * every request. `false`: the client does not declare elicitation at all.
   */
  onElicit?: ClientBehaviour['onElicit'];
  /** Answers `sampling/createMessage`; without it the client does not declare sampling. */
  onSample?: ClientBehaviour['onSample'];
  /** The client's roots (directories or `file://` URIs); without it the client does not declare roots. */
  clientRoots?: ClientBehaviour['roots'];
};

/** One content block of a tool result. */
export type ContentBlock = { type: string; text?: string } & Record<string, unknown>;

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
  /** Replaces the client's roots and sends `notifications/roots/list_changed`. */
  setRoots(roots: NonNullable<ClientBehaviour['roots']>): Promise<void>;
  /** The text of every text block of a result, joined with newlines (convenience for assertions). */
  text(result: TestCallResult): string;
  /** Every content block of a result (text, image, audio, resource links, embedded resources). */
  blocks(result: TestCallResult): ContentBlock[];
  /** The records of the audit log so far, oldest first (each line is written before the call returns). */
  auditRecords(): AuditRecord[];
  /** Closes client and server, and removes the temp folder of the audit log (when it made one). */
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
  const { onElicit = DECLINE, onSample, clientRoots, ...serverOptions } = options;
  // A temp folder only when the caller names no audit file; removed by close().
  const tempDir = options.audit?.file ? undefined : mkdtempSync(join(tmpdir(), 'secure-mcp-test-'));
  const server = await createServer({
    name: 'test-server',
    version: '0.0.0',
    logging: { silent: true },
    ...serverOptions,
    // Hermetic by default: secrets only from `secrets.values` (and the environment), audit in a temp file.
    secrets: { envFile: false, keychain: false, ...options.secrets },
    usage: options.usage ?? false,
    audit: { file: join(tempDir ?? '', 'audit.jsonl'), ...options.audit },
  });
  const { client, setRoots } = await connectInMemory(server, undefined, {
    onElicit,
    onSample,
    roots: clientRoots,
  });
  return {
    client,
    setRoots,
    server,
    auditFile: server.auditFile,
    listTools: () => client.listTools(),
    callTool: (name, args, opts) =>
      client.callTool({ name, arguments: args }, undefined, { signal: opts?.signal, timeout: opts?.timeout }),
    blocks: (result) => (result.content as ContentBlock[] | undefined) ?? [],
    text: (result) =>
      ((result.content as ContentBlock[] | undefined) ?? [])
        .filter((c) => c.type === 'text')
        .map((c) => c.text ?? '')
        .join('\n'),
    auditRecords: () =>
      readFileSync(server.auditFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditRecord),
    async close() {
      await client.close();
      await server.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

const DECLINE = (): ElicitationAnswer => ({ action: 'decline' });
