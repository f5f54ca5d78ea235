import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Principal } from '../context';
import type { Class } from '../metadata/types';
import { safeName } from '../validation/schema-validator';
import { CallContext } from './call-context';
import { callScope } from './call-scope';
import type { Catalog } from './catalog';
import { clientServices, createClientFeatures } from './client/client-features';
import { ClientSession } from './client/client-session';
import { sensitiveValues } from './client/sensitive-values';
import type { InFlightCalls } from './in-flight';
import { InvalidCursor, Pager, type Page } from './pagination';
import type { Call } from './pipeline/types';
import { registerCompletionHandler } from './sdk/completion-handler';
import type { HandlerDeps, RequestExtra } from './sdk/handler-deps';
import { registerPromptHandlers } from './sdk/prompt-handlers';
import { registerResourceHandlers } from './sdk/resource-handlers';
import { ErrorCodes as ErrorCode } from './sdk-lines/error-codes';
import type { LineRequest, LineServer, SdkLine } from './sdk-lines/types';
import type { ServerRuntime } from './server-runtime';
import { describeError } from './describe-error';
import { internalErrorResult, shutDownResult } from './steps/map-errors';

/** Authenticates a request: returns the principal of the caller (HTTP), or undefined for the default one. */
export type PrincipalResolver = (authInfo: unknown) => Principal | undefined;

/**
 * Creates one SDK `Server` (one per connection) whose handlers serve the catalog's tools, resources, prompts
 * and completions, and which announces the catalog's run-time changes (`list_changed`). It speaks to the SDK
 * only through the seam (`sdk-lines/`), so it runs on either SDK line.
 */
export function createSdkServer(
  line: SdkLine,
  runtime: ServerRuntime,
  catalog: Catalog,
  options: {
    instructions?: string;
    resolvePrincipal?: PrincipalResolver;
    /** Raw arguments kept by {@link screenToolCalls} for this connection. */
    rawArguments?: (extra: { requestKey?: object }) => Record<string, unknown> | undefined;
    /** Filled with the URIs this connection subscribed to (`resources/subscribe`). */
    subscriptions?: Set<string>;
    /** Calls being served, waited for on shutdown. */
    inFlight?: InFlightCalls;
    /**
     * Run each call in {@link callScope}, so process-level failures are attributed to it. Only while serving
     * (where those failures are handled): an active AsyncLocalStorage costs every promise in the process.
     */
    scopeCalls?: boolean;
    /** Pages the listings (one per server, so its cursors stay valid across connections). */
    pager?: Pager;
  } = {},
): LineServer {
  const server = line.createServer(
    { name: runtime.name, version: runtime.version },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        completions: {},
        logging: {},
      },
      ...(options.instructions ? { instructions: options.instructions } : {}),
    },
  );
  const connectionSession = randomUUID();
  // Client state (log level, roots) lives with this connection's Server and goes with it.
  const session = new ClientSession(() => server.clientCapabilities());
  const services = clientServices(runtime);
  server.onRequest('logging/setLevel', async (request) => {
    session.logLevel = (request.params as { level: NonNullable<ClientSession['logLevel']> }).level;
    return {};
  });
  server.onNotification('notifications/roots/list_changed', () => session.rootsChanged());
  const principalOf = (extra: RequestExtra): Principal =>
    options.resolvePrincipal?.(extra.authInfo) ?? runtime.defaultPrincipal;
  const contextFor = (
    name: string,
    extra: RequestExtra,
    progressToken?: string | number,
    input?: { dto: Class; value: () => object | undefined },
  ) =>
    new CallContext(
      name,
      extra.signal,
      principalOf(extra),
      extra.sessionId ?? connectionSession,
      String(extra.requestId),
      randomUUID(),
      runtime.logger,
      progressToken === undefined
        ? undefined
        : (p) =>
            extra.sendNotification({
              method: 'notifications/progress',
              params: {
                progressToken,
                progress: Number(p.progress),
                ...(p.total === undefined ? {} : { total: Number(p.total) }),
                ...(p.message === undefined ? {} : { message: String(p.message) }),
              },
            }),
      (context) =>
        createClientFeatures(
          { session, sendRequest: extra.sendRequest, sendNotification: extra.sendNotification },
          context,
          services,
          () => (input ? sensitiveValues(input.dto, input.value()) : []),
        ),
    );
  // Every call (tool, resource, prompt) runs here: tracked for shutdown, scoped for failure attribution, and
  // never thrown to the SDK (whose -32603 would carry the raw message and leave no audit record).
  const runCall = async (call: Call): Promise<void> => {
    options.inFlight?.start(call);
    try {
      const run = call.operation ? call.tool.operations[call.operation] : call.tool.run;
      if (!run) throw new Error(`${call.tool.kind} ${call.tool.name} has no ${call.operation} pipeline`);
      const running = options.scopeCalls ? callScope.run(call, () => run(call)) : run(call);
      await (options.inFlight ? options.inFlight.settled(call, running, () => interrupted(call)) : running);
    } catch (error) {
      // The pipeline's audit step catches everything below it; this is the last resort.
      runtime.logger.error('call failed outside its pipeline', {
        tool: call.tool.name,
        error: describeError(error),
      });
      call.outcome = 'error';
      call.reason = 'internal';
      call.result = internalErrorResult(`${call.tool.kind} ${call.tool.name}`, call.ctx.auditId);
    } finally {
      options.inFlight?.finish(call);
    }
  };
  // Shutdown gave the call up (recorded as interrupted): the client gets an error for it, not silence.
  const interrupted = (call: Call) => {
    call.ctx.abort(new Error('the server shut down')); // the tool's signal: its work stops too
    call.outcome = 'error';
    call.reason = 'interrupted';
    call.result = shutDownResult(`${call.tool.kind} ${call.tool.name}`, call.ctx.auditId);
  };
  const pager = options.pager ?? new Pager();
  const page = <T>(list: string, items: readonly T[], request: unknown, extra: RequestExtra): Page<T> => {
    const cursor = (request as { params?: { cursor?: unknown } }).params?.cursor;
    try {
      return pager.page(items, cursor, list, principalOf(extra).id);
    } catch (error) {
      if (!(error instanceof InvalidCursor)) throw error;
      throw line.protocolError(
        ErrorCode.InvalidParams,
        `Invalid cursor for ${list}: ${error.message}; list again without a cursor`,
      );
    }
  };
  const deps: HandlerDeps = { runtime, line, catalog, principalOf, contextFor, runCall, page };

  server.onRequest('tools/list', async (request, extra) => {
    const principal = principalOf(extra);
    const visible = [...catalog.tools.values()].filter(
      (t) => (!runtime.readOnly || t.definition.readOnly) && grants(principal, t.definition.scopes),
    );
    const { items, nextCursor } = page('tools/list', visible, request, extra);
    return { tools: items.map((t) => t.listing), ...(nextCursor ? { nextCursor } : {}) };
  });

  server.onRequest('tools/call', async (req, extra) => {
    const request = req as LineRequest & {
      params: { name: string; arguments?: unknown; _meta?: { progressToken?: string | number } };
    };
    const tool = catalog.tools.get(request.params.name);
    if (!tool) {
      throw line.protocolError(ErrorCode.InvalidParams, `Unknown tool: ${safeName(request.params.name)}`);
    }
    const call: Call = {
      tool,
      ctx: contextFor(tool.name, extra, request.params._meta?.progressToken, {
        dto: tool.definition.input,
        value: () => call.input,
      }),
      startedAt: performance.now(),
      args:
        options.rawArguments?.(extra) ?? (request.params.arguments as Record<string, unknown> | undefined),
    };
    await runCall(call);
    return (call.result as Record<string, unknown> | undefined) ?? { content: [] };
  });

  registerResourceHandlers(server, deps, options.subscriptions ?? new Set());
  registerPromptHandlers(server, deps);
  registerCompletionHandler(server, deps);

  // Run-time additions and removals reach every connected client (best effort: a closed one is skipped).
  const stop = catalog.onChange((kind) => {
    const list = kind === 'tool' ? 'tools' : kind === 'resource' ? 'resources' : 'prompts';
    void server.notify({ method: `notifications/${list}/list_changed` }).catch(() => undefined);
  });
  server.onClose(stop);
  return server;
}

/** True when a principal holds every scope (principals without a scope list are not scope-checked). */
export function grants(principal: Principal, needed: readonly string[]): boolean {
  const scopes = principal.scopes;
  return !scopes || needed.every((s) => scopes.includes(s));
}
