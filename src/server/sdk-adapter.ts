import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../context';
import { safeName } from '../validation/schema-validator';
import { CallContext } from './call-context';
import { clientServices, createClientFeatures } from './client/client-features';
import { ClientSession } from './client/client-session';
import { sensitiveValues } from './client/sensitive-values';
import type { Call } from './pipeline/types';
import type { RuntimeTool } from './runtime-tool';
import type { ServerRuntime } from './server-runtime';

/** Authenticates a request: returns the principal of the caller (HTTP), or undefined for the default one. */
export type PrincipalResolver = (authInfo: unknown) => Principal | undefined;

/**
 * Creates one SDK `Server` (one per connection) whose `tools/list` and `tools/call` handlers serve the
 * prepared tools. This folder is the only place that imports the SDK.
 */
export function createSdkServer(
  runtime: ServerRuntime,
  tools: ReadonlyMap<string, RuntimeTool>,
  options: {
    instructions?: string;
    resolvePrincipal?: PrincipalResolver;
    /** Raw arguments kept by {@link screenToolCalls} for this connection. */
    rawArguments?: (extra: { requestInfo?: object }) => Record<string, unknown> | undefined;
  } = {},
): Server {
  const server = new Server(
    { name: runtime.name, version: runtime.version },
    {
      capabilities: { tools: { listChanged: false }, logging: {} },
      ...(options.instructions ? { instructions: options.instructions } : {}),
    },
  );
  const listed = [...tools.values()].filter((t) => !runtime.readOnly || t.definition.readOnly);
  const connectionSession = randomUUID();
  // Client state (log level, roots) lives with this connection's Server and goes with it.
  const session = new ClientSession(() => server.getClientCapabilities());
  const services = clientServices(runtime);
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    session.logLevel = request.params.level;
    return {};
  });
  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => session.rootsChanged());

  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
    const principal = options.resolvePrincipal?.(extra.authInfo) ?? runtime.defaultPrincipal;
    const scopes = principal.scopes;
    const visible = scopes
      ? listed.filter((t) => t.definition.scopes.every((s) => scopes.includes(s)))
      : listed;
    return { tools: visible.map((t) => t.listing) };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools.get(request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${safeName(request.params.name)}`);
    }
    const progressToken = request.params._meta?.progressToken;
    const ctx = new CallContext(
      tool.name,
      extra.signal,
      options.resolvePrincipal?.(extra.authInfo) ?? runtime.defaultPrincipal,
      extra.sessionId ?? connectionSession,
      String(extra.requestId),
      randomUUID(),
      runtime.logger,
      progressToken === undefined
        ? undefined
        : (p) =>
            extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: p.progress, total: p.total, message: p.message },
            }),
      (context) =>
        createClientFeatures(
          { session, sendRequest: extra.sendRequest, sendNotification: extra.sendNotification },
          context,
          services,
          () => sensitiveValues(tool.definition.input, call.input),
        ),
    );
    const call: Call = {
      tool,
      ctx,
      startedAt: performance.now(),
      args:
        options.rawArguments?.(extra) ?? (request.params.arguments as Record<string, unknown> | undefined),
    };
    await tool.run(call);
    return call.result ?? { content: [] };
  });
  return server;
}
