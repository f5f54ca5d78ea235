import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type SecureMcpServer, type ServerOptions } from '../server/create-server';
import { connectInMemory, type ElicitationAnswer, type ElicitationRequest } from '../server/in-memory';
import type { SdkClient as Client } from '../server/sdk-lines/types';
import { readToolDefinition } from '../metadata/read-tool-definition';
import type { Class } from '../metadata/types';
import type { AuditRecord } from '../audit';
import type { ClientRoot, SamplingRequest, SamplingResult } from '../client-context';

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
  onElicit?: ((request: ElicitationRequest) => ElicitationAnswer | Promise<ElicitationAnswer>) | false;
  /** Answers `sampling/createMessage`; without it the client does not declare sampling. */
  onSample?: (request: SamplingRequest) => SamplingResult | Promise<SamplingResult>;
  /** The client's roots (directories or `file://` URIs); without it the client does not declare roots. */
  clientRoots?: Array<string | ClientRoot>;
};

/** One content block of a tool result. */
export type ContentBlock = { type: string; text?: string } & Record<string, unknown>;

/** A result as tests see it. */
export type TestCallResult = Awaited<ReturnType<Client['callTool']>>;

/** A notification from the server as the test client received it. */
export interface TestNotification {
  method: string;
  params?: Record<string, unknown>;
}

/**
 * The arguments a tool class accepts, inferred from its `execute(input)`: the input DTO's data fields (methods
 * left out, optional fields stay optional). A tool whose `execute` takes no input accepts `{}`.
 */
export type ToolArgs<C> =
  C extends Class<{ execute(input: infer I, ...rest: never[]): unknown }>
    ? unknown extends I
      ? Record<string, never>
      : { [K in keyof I as I[K] extends (...args: never[]) => unknown ? never : K]: I[K] }
    : never;

/** The rest parameters of {@link TestClient.call}: the tool's arguments (optional when it takes none), then options. */
export type CallArgs<C> =
  Record<string, never> extends ToolArgs<C>
    ? [args?: ToolArgs<C>, options?: CallOptions]
    : [args: ToolArgs<C>, options?: CallOptions];

/** Per-call options of the test client. */
export interface CallOptions {
  signal?: AbortSignal;
  timeout?: number;
  /** Called with each progress notification of the call (`ctx.progress`). */
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/**
 * The SDK's real `Client`, connected in memory to a real secure-mcp server. The client is the one of the SDK
 * line the server runs on (`@modelcontextprotocol/client` on 2.x, `@modelcontextprotocol/sdk` on 1.x).
 */
export interface TestClient {
  /** The SDK client itself, for calls the kit does not wrap (typed by the calls both SDK lines share). */
  readonly client: Client;
  readonly server: SecureMcpServer;
  /** The audit log file of this server. */
  readonly auditFile: string;
  listTools(): ReturnType<Client['listTools']>;
  callTool(name: string, args?: Record<string, unknown>, options?: CallOptions): Promise<TestCallResult>;
  /**
   * Calls a tool by its class, with arguments type-checked against its input DTO: a missing required field, a
   * misspelt one or a wrong type is a compile error in the test, not a validation failure at run time.
   * (`callTool(name, args)` stays for sending what the DTO would refuse.)
   *
   * @example
   * ```ts
   * const result = await t.call(SearchDocsTool, { query: 'refunds' });
   * ```
   */
  call<C extends Class>(tool: C, ...args: CallArgs<C>): Promise<TestCallResult>;
  /**
   * Handles the server's notifications of one method (`notifications/message`,
   * `notifications/resources/updated`...), the same way on both SDK lines. Replaces an earlier handler.
   */
  onNotification(method: string, handler: (notification: TestNotification) => void | Promise<void>): void;
  /** Replaces the client's roots and sends `notifications/roots/list_changed`. */
  setRoots(roots: Array<string | ClientRoot>): Promise<void>;
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
  const removeTemp = () => tempDir && rmSync(tempDir, { recursive: true, force: true });
  let connected: Awaited<ReturnType<typeof connectInMemory>>;
  try {
    connected = await connectInMemory(server, undefined, { onElicit, onSample, roots: clientRoots });
  } catch (error) {
    // No client package for this line (a StartupError saying which): nothing is left running.
    await server.close();
    removeTemp();
    throw error;
  }
  const { client, kit, setRoots } = connected;
  const callTool = (name: string, args?: Record<string, unknown>, opts?: CallOptions) =>
    kit.callTool(
      client,
      { name, arguments: args },
      { signal: opts?.signal, timeout: opts?.timeout, onprogress: opts?.onprogress },
    );
  return {
    client,
    setRoots,
    server,
    auditFile: server.auditFile,
    listTools: () => client.listTools(),
    onNotification: (method, handler) => kit.onNotification(client, method, handler),
    callTool: (name, args, opts) => callTool(name, args, opts),
    call: (tool, ...[args, opts]) => callTool(readToolDefinition(tool).name, args, opts),
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
      removeTemp();
    },
  };
}

const DECLINE = (): ElicitationAnswer => ({ action: 'decline' });
