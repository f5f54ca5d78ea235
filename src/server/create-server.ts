import { userInfo } from 'node:os';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AuditLog } from '../audit/audit-log';
import { createContainer } from '../container/container';
import { discoverTools } from '../container/discovery';
import type { Principal } from '../context';
import { StartupError } from '../errors';
import { createLogger, Logger } from '../logging/logger';
import { readToolDefinition } from '../metadata/read-tool-definition';
import type { ToolDefinition } from '../metadata/types';
import { DEFAULT_ARGUMENT_LIMITS } from '../validation/argument-guard';
import { buildTool } from './build-tool';
import type { ServerOptions } from './options';
import type { RuntimeTool, ToolListing } from './runtime-tool';
import { createSdkServer } from './sdk-adapter';
import { screenToolCalls } from './screen-tool-calls';
import type { ServerRuntime } from './server-runtime';
import { listenHttp } from './http/listen-http';
import type { HttpListener, HttpOptions } from './http/options';
import { principalFromAuthInfo } from './http/principal';
import { enforcePolicy } from './setup/policy';
import { readOnlyFromEnv } from './setup/read-only-env';
import { resolveSecrets } from './setup/secrets';
import { registerSecurityServices } from './setup/security-services';
import { toolContainer } from './setup/tool-container';
import { listenStdio } from './stdio';

export type { ServerOptions };

/** A started secure-mcp server: tools prepared, ready to accept connections. */
export interface SecureMcpServer {
  readonly name: string;
  /** The hash-chained audit log file. */
  readonly auditFile: string;
  /** What `tools/list` shows (before read-only and scope filtering). */
  readonly tools: readonly ToolListing[];
  /** Serves over stdio (stdout carries only JSON-RPC) until stdin closes or SIGINT/SIGTERM. */
  listen(): Promise<void>;
  /** Serves over Streamable HTTP (opt-in): 127.0.0.1, Host/Origin checked, bearer JWT required unless `auth: false`. */
  listenHttp(options: HttpOptions): Promise<HttpListener>;
  /** Serves one connection over any MCP transport (in-memory, HTTP session...). */
  connect(transport: Transport): Promise<void>;
  /** Closes connections and runs clean-up (flushes the audit log, closes Redis...). Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Discovers and checks the tools, enforces the team policy, resolves secrets, sets up the security services
 * and composes each tool's pipeline; returns a server ready to `listen()`. Every declaration problem (bad
 * tool name, undecorated DTO field, unresolvable dependency, missing secret, policy breach...) stops start-up
 * here with a {@link StartupError} that names the class.
 */
export async function createServer(options: ServerOptions): Promise<SecureMcpServer> {
  if (!options?.name || !options.version) throw new StartupError('createServer needs a name and a version');
  const readOnlyByEnv = readOnlyFromEnv();
  const definitions = readDefinitions(await discoverTools(options));
  const policy = enforcePolicy(options, definitions);
  const { resolver, lookup } = await resolveSecrets(options, definitions);
  const scrub = (text: string) => resolver.scrubber.scrub(text);

  const container = (options.container ?? createContainer()).createChild();
  const logger = options.logger ?? createLogger({ ...options.logging, scrub });
  container.register(Logger, { useValue: logger });
  for (const { token, ...provider } of options.providers ?? []) container.register(token, provider as never);
  const closers = await registerSecurityServices(container, options, logger, resolver.scrubber, lookup);

  const argumentLimits = {
    maxBytes: options.limits?.maxArgumentBytes ?? DEFAULT_ARGUMENT_LIMITS.maxBytes,
    maxDepth: options.limits?.maxArgumentDepth ?? DEFAULT_ARGUMENT_LIMITS.maxDepth,
    maxObjectKeys: options.limits?.maxObjectKeys ?? DEFAULT_ARGUMENT_LIMITS.maxObjectKeys,
    maxKeys: options.limits?.maxArgumentKeys ?? DEFAULT_ARGUMENT_LIMITS.maxKeys,
    maxArrayItems: options.limits?.maxArrayItems ?? DEFAULT_ARGUMENT_LIMITS.maxArrayItems,
    maxItems: options.limits?.maxArgumentItems ?? DEFAULT_ARGUMENT_LIMITS.maxItems,
  };
  const runtime: ServerRuntime = {
    name: options.name,
    version: options.version,
    logger,
    container,
    readOnly: options.readOnly === true || policy?.readOnly === true || readOnlyByEnv,
    argumentLimits,
    maxResultBytes: options.limits?.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
    defaultPrincipal: toPrincipal(options.principal),
    scrub,
    onClose: (task) => closers.push(task),
  };

  const tools = new Map<string, RuntimeTool>();
  for (const definition of definitions) {
    tools.set(definition.name, buildTool(definition, runtime, toolContainer(definition, container), lookup));
  }
  if (tools.size === 0)
    logger.warn('server has no tools: list classes in `tools`, set `toolsDir`, or import @Tool classes');

  const maxMessageBytes =
    options.limits?.maxMessageBytes ?? Math.max(DEFAULT_MAX_MESSAGE_BYTES, 4 * argumentLimits.maxBytes);
  const connections = new Set<{ close(): Promise<void> }>();
  let closing: Promise<void> | undefined;
  const server: SecureMcpServer = {
    name: options.name,
    auditFile: container.resolve(AuditLog).file,
    tools: [...tools.values()].map((t) => t.listing),
    async connect(transport) {
      const screened = screenToolCalls(transport);
      const sdk = createSdkServer(runtime, tools, {
        instructions: options.instructions,
        rawArguments: screened.rawArguments,
        resolvePrincipal: principalFromAuthInfo,
      });
      connections.add(sdk);
      sdk.onclose = () => connections.delete(sdk);
      await sdk.connect(screened.transport);
    },
    listen: () => listenStdio(server, { maxMessageBytes, logger, scrub }),
    async listenHttp(httpOptions) {
      const listener = await listenHttp((t) => server.connect(t), httpOptions, logger);
      closers.push(() => listener.close()); // closers run last-in first-out: the port closes before the audit flush
      return listener;
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...connections].map((c) => c.close()));
        for (const task of closers.reverse()) {
          try {
            await task();
          } catch (error) {
            logger.error('clean-up task failed during close', { error: (error as Error).message });
          }
        }
      })();
      return closing;
    },
  };
  return server;
}

/** Reads every tool class's metadata once; names must be unique. */
function readDefinitions(classes: readonly Function[]): ToolDefinition[] {
  const byName = new Map<string, ToolDefinition>();
  for (const target of classes) {
    const definition = readToolDefinition(target as never);
    const clash = byName.get(definition.name);
    if (clash) {
      throw new StartupError(
        `${target.name}: duplicate tool name "${definition.name}" (already used by ${clash.target.name})`,
      );
    }
    byName.set(definition.name, definition);
  }
  return [...byName.values()];
}

function toPrincipal(principal: ServerOptions['principal']): Principal {
  if (typeof principal === 'string') return { id: principal };
  if (principal) return principal;
  try {
    return { id: userInfo().username };
  } catch {
    return { id: process.env.USER ?? process.env.USERNAME ?? 'local-user' };
  }
}
