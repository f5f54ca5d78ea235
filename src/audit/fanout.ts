import { createLogger, format, transports as winstonTransports, type Logger } from 'winston';
import type TransportStream from 'winston-transport';
import type { AuditRecord } from './record';

const LEVEL = 'info';

/**
 * Copies records to extra winston transports (a SIEM, syslog, a rotating file...). Best effort and
 * asynchronous: the durable, hash-chained copy is the audit file; these get `{ level, message: 'audit',
 * ...record }` and are flushed on close.
 */
export class AuditFanout {
  private readonly logger: Logger;

  constructor(
    private readonly transports: TransportStream[],
    private readonly closeTimeoutMs: number,
  ) {
    transports.forEach(assertNotStdout);
    this.logger = createLogger({ level: LEVEL, format: format.json(), transports });
  }

  send(record: AuditRecord | object): void {
    this.logger.log({ level: LEVEL, message: 'audit', ...record });
  }

  /** Ends the logger and waits until every transport has flushed, or `closeTimeoutMs` passed. */
  async close(): Promise<void> {
    const finished = this.transports.map(
      (t) =>
        new Promise<void>((resolve) => (t.writableFinished ? resolve() : t.once('finish', () => resolve()))),
    );
    this.logger.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, this.closeTimeoutMs).unref()),
    );
    await Promise.race([Promise.all(finished), timeout]);
    clearTimeout(timer);
  }
}

/** On a stdio MCP server stdout carries JSON-RPC only; an audit transport writing there would corrupt it. */
export function assertNotStdout(transport: TransportStream): void {
  const t = transport as TransportStream & {
    stderrLevels?: Record<string, unknown>;
    consoleWarnLevels?: Record<string, unknown>;
    _stream?: unknown;
  };
  const consoleToStdout =
    transport instanceof winstonTransports.Console &&
    !t.stderrLevels?.[LEVEL] &&
    !t.consoleWarnLevels?.[LEVEL];
  if (consoleToStdout || t._stream === process.stdout) {
    throw new Error(
      'audit transports must not write to stdout (it carries the MCP protocol); ' +
        "use new transports.Console({ stderrLevels: ['info'] }) or a file",
    );
  }
}
