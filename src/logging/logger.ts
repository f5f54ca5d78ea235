// winston (and its ~60 modules) is loaded when a logger is built, not when secure-mcp is imported: a server
// given its own `logger`, or code that only imports decorators and types, never loads it.
type Winston = typeof import('winston');
let winstonModule: Winston | undefined;
const winston = (): Winston => (winstonModule ??= require('winston') as Winston);

import { toWinstonTransport, type LogTransport } from './log-transport';

/**
 * The logger injected into tools and services (`constructor(private readonly logger: Logger)`) and found on
 * `ctx.logger`. It is a winston logger; this abstract class is its DI token and the part of its surface
 * secure-mcp promises. It writes to stderr or files, never to stdout.
 */
export abstract class Logger {
  abstract error: (message: string, ...meta: unknown[]) => unknown;
  abstract warn: (message: string, ...meta: unknown[]) => unknown;
  abstract info: (message: string, ...meta: unknown[]) => unknown;
  abstract debug: (message: string, ...meta: unknown[]) => unknown;
  abstract log(level: string, message: string, ...meta: unknown[]): unknown;
  abstract child(meta: Record<string, unknown>): Logger;
}

/** Options of the server's operational log (not the audit log). */
export interface LoggingOptions {
  /** Minimum level; default `SECURE_MCP_LOG_LEVEL` or `info`. */
  level?: string;
  /** Also write to this file (JSON lines). */
  file?: string;
  /**
   * Replace the default stderr transport: plain `{ log(entry, done) }` objects or winston transports. Never one
   * that writes to stdout on a stdio server.
   */
  transports?: LogTransport[];
  /** Turn the stderr transport off (tests, embedding). */
  silent?: boolean;
  /** Applied to every message and string field before it is written (the secret scrubber). */
  scrub?: (text: string) => string;
}

/**
 * Builds the winston logger of a server. Every level goes to stderr, because on a stdio server stdout carries
 * only JSON-RPC; a file can be added.
 */
export function createLogger(options: LoggingOptions = {}): Logger {
  const { config, createLogger: createWinston, format, transports } = winston();
  const list = options.transports
    ? options.transports.map(toWinstonTransport)
    : [new transports.Console({ stderrLevels: Object.keys(config.npm.levels), silent: options.silent })];
  if (options.file) list.push(new transports.File({ filename: options.file }));
  const formats = [format.timestamp(), format.errors({ stack: true }), format.json()];
  if (options.scrub) formats.push(scrubLine(format, options.scrub)());
  return createWinston({
    level: options.level ?? process.env.SECURE_MCP_LOG_LEVEL ?? 'info',
    format: format.combine(...formats),
    transports: list,
  }) as unknown as Logger;
}

const MESSAGE = Symbol.for('message');

// Scrubs the final serialized line, so secrets nested anywhere in the metadata are caught too.
const scrubLine = (format: Winston['format'], scrub: (text: string) => string) =>
  format((info) => {
    const line = (info as Record<symbol, unknown>)[MESSAGE];
    if (typeof line === 'string') (info as Record<symbol, unknown>)[MESSAGE] = scrub(line);
    return info;
  });
