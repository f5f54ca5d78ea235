import { config, createLogger as createWinston, format, transports, type Logger } from 'winston';
import type TransportStream from 'winston-transport';

export type { Logger };

/** Options of the server's operational log (not the audit log). */
export interface LoggingOptions {
  /** Minimum level; default `SECURE_MCP_LOG_LEVEL` or `info`. */
  level?: string;
  /** Also write to this file (JSON lines). */
  file?: string;
  /** Replace the default stderr transport. Never give a transport that writes to stdout on a stdio server. */
  transports?: TransportStream[];
  /** Turn the stderr transport off (tests, embedding). */
  silent?: boolean;
}

const ALL_LEVELS_TO_STDERR = Object.keys(config.npm.levels);

/**
 * Builds the winston logger used by the server and injected into tools. It writes to stderr (every level,
 * because on a stdio server stdout carries only JSON-RPC) and optionally to a file.
 */
export function createLogger(options: LoggingOptions = {}): Logger {
  const list: TransportStream[] = options.transports
    ? [...options.transports]
    : [new transports.Console({ stderrLevels: ALL_LEVELS_TO_STDERR, silent: options.silent })];
  if (options.file) list.push(new transports.File({ filename: options.file }));
  return createWinston({
    level: options.level ?? process.env.SECURE_MCP_LOG_LEVEL ?? 'info',
    format: format.combine(format.timestamp(), format.errors({ stack: true }), format.json()),
    transports: list,
  });
}
