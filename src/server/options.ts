import type { Container, Provider, Token } from '../container/container';
import type { DiscoveryOptions } from '../container/discovery';
import type { Principal } from '../context';
import type { Logger, LoggingOptions } from '../logging/logger';

/** Options of {@link createServer}. */
export interface ServerOptions extends DiscoveryOptions {
  /** Server name shown to clients; also names the keychain service (`secure-mcp/<name>`) and audit records. */
  name: string;
  version: string;
  /** Text the client may show to the model about how to use this server. */
  instructions?: string;
  /** Serve only `@ReadOnly` tools; write tools are neither listed nor callable. Also `SECURE_MCP_READ_ONLY=1`. */
  readOnly?: boolean;
  /** The caller when the transport does not authenticate (stdio). Default: the OS user. */
  principal?: Principal | string;
  limits?: {
    /** Approximate size cap of `arguments`. Default 1 MiB. */
    maxArgumentBytes?: number;
    /** Nesting cap of `arguments`. Default 64. */
    maxArgumentDepth?: number;
    /** Largest JSON-RPC line read over stdio; a larger one is discarded with an error. Default 16 MiB. */
    maxMessageBytes?: number;
    /** Size cap of a result's text. Default 4 MiB. */
    maxResultBytes?: number;
  };
  /** The operational log: stderr by default. */
  logging?: LoggingOptions;
  /** Use this logger instead of building one. */
  logger?: Logger;
  /** Extra DI registrations for services your tools inject. */
  providers?: Array<{ token: Token } & Provider<unknown>>;
  /** Start from this container (its registrations are visible to tools). */
  container?: Container;
}
