import { userInfo } from 'node:os';
import { createCallTelemetry } from '../telemetry';
import type { Transport } from './sdk-lines/mcp-types';
import { AuditLog } from '../audit/audit-log';
import { createContainer } from '../container/container';
import { discover } from '../container/discovery';
import type { Principal } from '../context';
import { StartupError } from '../errors';
import { createLogger, Logger } from '../logging/logger';
import { isPromptClass, readPromptDefinition } from '../metadata/read-prompt-definition';
import { isResourceClass, readResourceDefinition } from '../metadata/read-resource-definition';
import { secretRequests } from '../security/secrets/resolver';
import { readToolDefinition } from '../metadata/read-tool-definition';
import type { AnyDefinition, CapabilityKind, Class } from '../metadata/types';
import { DEFAULT_ARGUMENT_LIMITS } from '../validation/argument-guard';
import { buildTool } from './build-tool';
import { describeError } from './describe-error';
import { InFlightCalls } from './in-flight';
import { guardOutgoing } from './outgoing';
import { guardOutputStreams } from './output-streams';
import { DEFAULT_LIST_PAGE_SIZE, Pager } from './pagination';
import { handleProcessFailures } from './process-failures';
import { Catalog } from './catalog';
import { buildPrompt } from './prompts/build-prompt';
import { buildResource } from './resources/build-resource';
import type { ServerOptions } from './options';
import type { AnyRuntime, PromptListing, ResourceListing, ToolListing } from './runtime-tool';
import { createSdkServer } from './sdk-adapter';
import { loadSdkLine, sdkLineFromEnv } from './sdk-lines/load-line';
import type { SdkLineId } from './sdk-lines/select-line';
import type { LineTransport } from './sdk-lines/types';
import { screenToolCalls } from './screen-tool-calls';
import type { ServerRuntime } from './server-runtime';
import type { HttpListener, HttpOptions } from './http/options';
import { principalFromAuthInfo } from './http/principal';
import { httpServices } from './http/services';
import { enforcePolicy } from './setup/policy';
import { withProjectPaths } from './setup/project-paths';
import { readOnlyFromEnv } from './setup/read-only-env';
import { checkDotenvNames, serverSetting } from './setup/settings';
import { resolveSecrets } from './setup/secrets';
import { runtimeSettings } from './setup/runtime-settings';
import type { SecretLookup } from './tool-factory';
import { registerSecurityServices } from './setup/security-services';
import { toolContainer } from './setup/tool-container';
import { listenStdio } from './stdio';

export type { ServerOptions };

/** A started secure-mcp server: tools prepared, ready to accept connections. */
export interface SecureMcpServer {
  readonly name: string;
  /** The hash-chained audit log file. */
  readonly auditFile: string;
  /** The MCP SDK line this server runs on, and its installed version. */
  readonly sdk: { readonly line: SdkLineId; readonly version: string };
  /** What `tools/list` shows (before read-only and scope filtering). */
  readonly tools: readonly ToolListing[];
  /** The resources and resource templates served (before scope filtering). */
  readonly resources: readonly ResourceListing[];
  /** The prompts served (before scope filtering). */
  readonly prompts: readonly PromptListing[];
  /**
   * Serves more `@Tool`, `@Resource` or `@Prompt` classes from now on, checked as at start-up (names, DTOs,
   * policy, secrets, dependencies); connected clients get `notifications/<kind>/list_changed`.
   */
  add(...classes: Class[]): Promise<void>;
  /** Stops serving a tool, resource or prompt by name; clients get `list_changed`. False when there was none. */
  remove(kind: CapabilityKind, name: string): boolean;
  /**
   * Tells every client subscribed to `uri` (`resources/subscribe`) that it changed
   * (`notifications/resources/updated`); they read it again through the usual guards.
   */
  notifyResourceUpdated(uri: string): Promise<void>;
  /** Serves over stdio (stdout carries only JSON-RPC) until stdin closes or SIGINT/SIGTERM. */
  listen(): Promise<void>;
  /** Serves over Streamable HTTP (opt-in): 127.0.0.1, Host/Origin checked, bearer JWT required unless `auth: false`. */
  listenHttp(options: HttpOptions): Promise<HttpListener>;
  /** Serves one connection over any MCP transport (in-memory, HTTP session...). */
  connect(transport: Transport): Promise<void>;
  /**
   * Waits for in-flight calls (up to `shutdownGraceMs`; those still running are recorded as interrupted),
   * closes connections and runs clean-up (flushes the audit log, closes Redis...). Idempotent.
   */
  close(): Promise<void>;
}

const DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;

/**
 * Discovers and checks the tools, enforces the team policy, resolves secrets, sets up the security services
 * and composes each tool's pipeline; returns a server ready to `listen()`. Every declaration problem (bad
 * tool name, undecorated DTO field, unresolvable dependency, missing secret, policy breach...) stops start-up
 * here with a {@link StartupError} that names the class.
 */
export async function createServer(given: ServerOptions): Promise<SecureMcpServer> {
  if (!given?.name || !given.version) throw new StartupError('createServer needs a name and a version');
  const options = withProjectPaths(given);
  const envFile = options.secrets?.envFile ?? false;
  const sdkLine = loadSdkLine(
    options.sdk ??
      sdkLineFromEnv({ SECURE_MCP_SDK_LINE: serverSetting('SECURE_MCP_SDK_LINE', options.baseDir, envFile) }),
  );
  const readOnlyByEnv = readOnlyFromEnv({
    SECURE_MCP_READ_ONLY: serverSetting('SECURE_MCP_READ_ONLY', options.baseDir, envFile),
  });
  const found = await discover(options);
  const definitions = readDefinitions([...found.tools, ...found.resources, ...found.prompts]);
  const policy = enforcePolicy(options, definitions);
  const { resolver, lookup } = await resolveSecrets(options, definitions);
  const scrub = (text: string) => resolver.scrubber.scrub(text);

  const container = (options.container ?? createContainer()).createChild();
  const level = options.logging?.level ?? serverSetting('SECURE_MCP_LOG_LEVEL', options.baseDir, envFile);
  const logger = options.logger ?? createLogger({ ...options.logging, level, scrub });
  checkDotenvNames(envFile, new Set(definitions.flatMap((d) => d.secrets.map((s) => s.name))), logger);
  container.register(Logger, { useValue: logger });
  const telemetry = createCallTelemetry(options.version, options.telemetry);
  for (const { token, ...provider } of options.providers ?? []) container.register(token, provider);
  const closers = await registerSecurityServices(container, options, logger, resolver.scrubber, lookup);
  const inFlight = new InFlightCalls();
  container.register(InFlightCalls, { useValue: inFlight });

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
    ...runtimeSettings(options),
    ...(telemetry ? { telemetry } : {}),
    onClose: (task) => closers.push(task),
  };

  const catalog = new Catalog();
  const build = (d: AnyDefinition, secrets: SecretLookup): AnyRuntime => {
    const scoped = toolContainer(d, container);
    if (d.kind === 'tool') return buildTool(d, runtime, scoped, secrets);
    if (d.kind === 'resource') return buildResource(d, runtime, scoped, secrets);
    return buildPrompt(d, runtime, scoped, secrets);
  };
  for (const definition of definitions) catalog.add(build(definition, lookup));
  if (catalog.tools.size + catalog.resources.size + catalog.prompts.size === 0)
    logger.warn('server has no tools: list classes in `tools` or set `toolsDir`');

  const maxMessageBytes =
    options.limits?.maxMessageBytes ?? Math.max(DEFAULT_MAX_MESSAGE_BYTES, 4 * argumentLimits.maxBytes);
  /** Open connections and the resource URIs each subscribed to. */
  const connections = new Map<ReturnType<typeof createSdkServer>, Set<string>>();
  /** Told of every `notifyResourceUpdated` (an HTTP listener whose replicas share subscriptions in Redis). */
  const resourceListeners: Array<(uri: string) => Promise<void>> = [];
  const auditLog = container.resolve(AuditLog);
  const pager = new Pager(options.limits?.listPageSize ?? DEFAULT_LIST_PAGE_SIZE);
  // Undone after everything else in close(): process-level guards stay until the audit log is flushed.
  const teardown: Array<() => void> = [];
  let closing: Promise<void> | undefined;
  let serving = false;
  /** Process-level guards, installed once the server serves (not when it is only embedded via connect()). */
  const serve = (redirectStdout: boolean) => {
    if (serving) return;
    serving = true;
    teardown.push(
      handleProcessFailures({
        logger,
        audit: auditLog,
        shutdown: () => server.close(),
        owns: (call) => catalog.owns(call.tool),
      }),
    );
    if (!redirectStdout) {
      const streams = guardOutputStreams(scrub, { redirectStdout: false });
      teardown.push(() => streams.restore());
    }
  };
  const server: SecureMcpServer = {
    name: options.name,
    auditFile: auditLog.file,
    sdk: { line: sdkLine.id, version: sdkLine.version },
    get tools() {
      return [...catalog.tools.values()].map((t) => t.listing);
    },
    get resources() {
      return [...catalog.resources.values()].map((r) => r.listing);
    },
    get prompts() {
      return [...catalog.prompts.values()].map((p) => p.listing);
    },
    async add(...classes) {
      const added = readDefinitions(classes);
      enforcePolicy(options, added);
      const requests = secretRequests(added);
      const values = requests.length ? await resolver.resolveAll(requests) : new Map<string, unknown>();
      const built = added.map((d) =>
        build(d, (name) => (values.has(name) ? values.get(name) : lookup(name))),
      );
      for (const capability of built) catalog.add(capability);
    },
    remove: (kind, name) => catalog.remove(kind, name),
    async notifyResourceUpdated(uri) {
      const sends = [...connections]
        .filter(([, subscribed]) => subscribed.has(uri))
        .map(([sdk]) => sdk.notify({ method: 'notifications/resources/updated', params: { uri } }));
      const shared = resourceListeners.map((listener) =>
        listener(uri).catch((error: unknown) =>
          logger.warn('resource update not delivered to subscribers on other replicas', {
            error: describeError(error),
          }),
        ),
      );
      await Promise.allSettled([...sends, ...shared]);
    },
    async connect(transport) {
      // Outgoing messages are guarded first, so that messages the screen answers itself pass the scrubber too.
      const screened = screenToolCalls(guardOutgoing(transport, resolver.scrubber, logger));
      const subscriptions = new Set<string>();
      const sdk = createSdkServer(sdkLine, runtime, catalog, {
        instructions: options.instructions,
        rawArguments: screened.rawArguments,
        resolvePrincipal: principalFromAuthInfo,
        subscriptions,
        inFlight,
        scopeCalls: serving,
        pager,
      });
      connections.set(sdk, subscriptions);
      sdk.onClose(() => connections.delete(sdk));
      // The SDK transport is the wire shape LineTransport describes; its message generic is the only difference.
      await sdk.connect(screened.transport as LineTransport);
    },
    listen() {
      if (process.env.SECURE_MCP_NO_LISTEN === '1') return Promise.resolve(); // a CLI reading the tools
      serve(true);
      return listenStdio(server, { maxMessageBytes, logger, scrub, onClose: (task) => teardown.push(task) });
    },
    async listenHttp(httpOptions) {
      serve(false);
      const services = httpServices(catalog, resolver, auditLog);
      // Loaded on first use: stdio servers never pay for the HTTP stack's import.
      const { listenHttp } = require('./http/listen-http') as typeof import('./http/listen-http');
      const listener = await listenHttp((t) => server.connect(t), httpOptions, logger, {
        ...services,
        useCursorKey: (key) => pager.useKey(key),
        serverName: options.name,
        guardOutgoing: (transport) => guardOutgoing(transport, resolver.scrubber, logger),
        onResourceUpdated: (listener) => resourceListeners.push(listener),
        sdk: sdkLine,
      });
      closers.push(() => listener.close()); // closers run last-in first-out: the port closes before the audit flush
      return listener;
    },
    close() {
      closing ??= (async () => {
        await inFlight.drain(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
        // The SDK sends a finished call's response a few promise steps later; closing first would drop it.
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.allSettled([...connections.keys()].map((c) => c.close()));
        for (const task of closers.reverse()) {
          try {
            await task();
          } catch (error) {
            logger.error('clean-up task failed during close', { error: (error as Error).message });
          }
        }
        for (const undo of teardown.reverse()) undo();
      })();
      return closing;
    },
  };
  return server;
}

/** Reads each class's metadata once, by its decorator; names are unique per kind (checked by the catalog). */
function readDefinitions(classes: readonly Function[]): AnyDefinition[] {
  return [...new Set(classes)].map((target) => {
    if (isResourceClass(target)) return readResourceDefinition(target);
    if (isPromptClass(target)) return readPromptDefinition(target);
    return readToolDefinition(target as Class);
  });
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
