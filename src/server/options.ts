import type { TelemetryOptions } from '../telemetry';
import type { AuditSinkOptions } from '../audit/audit-log';
import type { Container, Provider, Token } from '../container/container';
import type { DiscoveryOptions } from '../container/discovery';
import type { Principal } from '../context';
import type { Logger, LoggingOptions } from '../logging/logger';
import type { RateLimitOptions } from '../metadata/types';
import type { NetworkOptions } from '../security/egress/network-options';
import type { SafeFsOptions } from '../security/paths/safe-fs';
import type { RateLimitStoreOptions } from '../security/rate-limit/types';
import type { SecretsOptions } from '../security/secrets/resolver';
import type { SdkLineId } from './sdk-lines/select-line';

/** Options of {@link createServer}. */
export interface ServerOptions extends DiscoveryOptions {
  /** Server name shown to clients; also names the keychain service (`secure-mcp/<name>`) and audit records. */
  name: string;
  version: string;
  /**
   * The project folder: relative `roots`, `audit.file`, `secrets.envFile` and `policy` resolve from here, and
   * settings are read from its `.env`. Default: the folder of the nearest `package.json` above the entry script
   * (not the working directory: desktop clients start servers from `/`).
   */
  baseDir?: string;
  /** Text the client may show to the model about how to use this server. */
  instructions?: string;
  /**
   * Which MCP SDK line to run on when both are installed: `'2'` (`@modelcontextprotocol/server`) or `'1'`
   * (`@modelcontextprotocol/sdk`). Default: `SECURE_MCP_SDK_LINE` if set, else the newer one installed.
   * With only one installed, that one is used; asking for a missing one stops start-up.
   */
  sdk?: SdkLineId;
  /**
   * Serve only `@ReadOnly` tools; write tools are neither listed nor callable. Also `SECURE_MCP_READ_ONLY=1`
   * in the environment or the project's `.env` (or true/yes/on; 0/false/no/off/empty leave it off; any other
   * value stops start-up).
   */
  readOnly?: boolean;
  /** The caller when the transport does not authenticate (stdio). Default: the OS user. */
  principal?: Principal | string;
  /**
   * Directories `SafeFs` confines tools to (relative ones: from `baseDir`). `'client'`: the roots the client shares (`roots/list`, refreshed
   * on `notifications/roots/list_changed`), and nothing when the client shares none.
   */
  roots?: string[] | 'client';
  /**
   * With `roots: [...]`: also confine each session to the client's roots (the intersection of both). A client
   * without the roots capability gets the configured roots. Default false.
   */
  narrowToClientRoots?: boolean;
  /** `ctx.sample`: the rate limit per principal (default 10 per minute); `false` for none. */
  sampling?: { rateLimit?: RateLimitOptions | RateLimitOptions[] | false };
  /** Extra `SafeFs` limits. */
  fs?: Omit<SafeFsOptions, 'roots'>;
  /** Where `SafeFetch` may connect (allowlist, caps). Tools that inject `SafeFetch` need it. */
  network?: NetworkOptions;
  /**
   * The audit log. Default file: `<state dir>/audit/<name>.jsonl` (`SECURE_MCP_STATE_DIR`, else the XDG
   * state dir), so a server started from any working directory can write it. `all: true` audits every call.
   */
  audit?: AuditSinkOptions & { all?: boolean };
  /** Rate-limit store (memory by default; `redis` for limits shared by replicas) and a default limit. */
  rateLimit?: RateLimitStoreOptions & { default?: RateLimitOptions | RateLimitOptions[] };
  /** Where `@Secret`s are looked up after the environment: `.env`, the OS keychain, custom providers. */
  secrets?: SecretsOptions;
  /** Record the last call time in the per-user usage file (for `secure-mcp audit`). Default on. */
  usage?: false | { file?: string };
  /**
   * Team policy file (relative to `baseDir`). Default: `secure-mcp.config.json` in `baseDir`, else the working
   * directory, else next to the entry script (up to its package root). `false`: none.
   */
  policy?: string | false;
  limits?: {
    /** Approximate size cap of `arguments`. Default 1 MiB. */
    maxArgumentBytes?: number;
    /** Nesting cap of `arguments`. Default 64. */
    maxArgumentDepth?: number;
    /** Keys allowed in any one object of `arguments`. Default 1,000. */
    maxObjectKeys?: number;
    /** Keys allowed in all objects of `arguments` together. Default 10,000. */
    maxArgumentKeys?: number;
    /** Items allowed in any one array of `arguments`. Default 10,000. */
    maxArrayItems?: number;
    /** Items allowed in all arrays of `arguments` together. Default 20,000. */
    maxArgumentItems?: number;
    /** Largest JSON-RPC line read over stdio; a larger one is discarded with an error. Default 16 MiB. */
    maxMessageBytes?: number;
    /** Size cap of a result's text. Default 4 MiB. */
    maxResultBytes?: number;
    /**
     * Entries per page of `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list`; a longer
     * listing is paginated with opaque, signed cursors (`nextCursor`). Default 1000.
     */
    listPageSize?: number;
  };
  /**
   * How long `close()` (stdin closed, SIGINT, SIGTERM) waits for in-flight calls before recording them as
   * interrupted in the audit log and exiting. Default 5000.
   */
  shutdownGraceMs?: number;
  /**
   * OpenTelemetry spans and metrics per call through `@opentelemetry/api`: the global providers (register the
   * SDK before `createServer`) unless given here. Without an SDK nothing is loaded and the pipeline has no
   * telemetry step. `false`: off even with an SDK. See docs/telemetry.md.
   */
  telemetry?: false | TelemetryOptions;
  /** The operational log: stderr by default. */
  logging?: LoggingOptions;
  /** Use this logger instead of building one. */
  logger?: Logger;
  /** Extra DI registrations for services your tools inject. */
  providers?: Array<{ token: Token } & Provider<unknown>>;
  /** Start from this container (its registrations are visible to tools). */
  container?: Container;
}
