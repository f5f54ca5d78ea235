import 'reflect-metadata';

/**
 * `secure-mcp/integration`: for embedding a secure-mcp server in a larger application — building the DI
 * container and the logger yourself (to pass as `container` / `logger`), formatting start-up errors your own
 * way, naming the telemetry attributes in dashboards, and a fixed-value secret provider. Tool authors need only
 * the main `secure-mcp` entry.
 */
export { createContainer } from '../container/container';
export { createLogger } from '../logging/logger';
export { formatStartupError } from '../startup/exit-on-startup-error';
export { TELEMETRY_ATTRIBUTES } from '../telemetry';
export { StaticProvider } from '../security/secrets/providers/static';

// Types of the main entry that the signatures above use (the same declarations as `secure-mcp`'s).
export type {
  Class,
  Container,
  LogEntry,
  Logger,
  LoggingOptions,
  LogTransport,
  Provider,
  SecretContext,
  SecretProvider,
  Token,
} from '../index';
