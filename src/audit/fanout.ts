import { config, createLogger, format, transports as winstonTransports, type Logger } from 'winston';
import type TransportStream from 'winston-transport';
import { isPlainTransport, toWinstonTransport, type LogTransport } from '../logging/log-transport';
import type { AuditRecord } from './record';

const LEVEL = 'info';
const LEVELS = config.npm.levels;

/**
 * Copies records to extra transports (a SIEM, syslog, a rotating file...; plain ones wrapped as winston's). Best effort and
 * asynchronous: the durable, hash-chained copy is the audit file; these get `{ level, message: 'audit',
 * ...record }` and are flushed on close. An HTTP transport counts as flushed when its requests have been
 * answered (its stream ends before that, and the process would exit with records still in flight); a plain
 * transport when it has called `done` for each.
 */
export class AuditFanout {
  private readonly logger: Logger;
  /** Requests not yet answered, per HTTP transport. */
  private readonly inFlight = new Map<TransportStream, number>();
  private settled?: () => void;

  private readonly transports: TransportStream[];

  constructor(
    given: LogTransport[],
    private readonly closeTimeoutMs: number,
  ) {
    const transports = (this.transports = given.map(toWinstonTransport));
    transports.forEach(assertNotStdout);
    for (const t of transports) {
      const level = t.level as keyof typeof LEVELS | undefined;
      // Batched HTTP answers once per batch, not per record: not counted (close waits for 'finish' only).
      const batched = (t as { batch?: boolean }).batch === true;
      const reportsEach = t instanceof winstonTransports.Http || isPlainTransport(t);
      if (!reportsEach || batched || (level && LEVELS[level] < LEVELS[LEVEL])) continue;
      this.inFlight.set(t, 0);
      const answered = () => {
        this.inFlight.set(t, Math.max(0, (this.inFlight.get(t) ?? 0) - 1));
        if (this.idle()) this.settled?.();
      };
      t.on('logged', answered);
      t.on('warn', answered);
    }
    this.logger = createLogger({ level: LEVEL, format: format.json(), transports });
  }

  send(record: AuditRecord | object): void {
    for (const [t, n] of this.inFlight) this.inFlight.set(t, n + 1);
    this.logger.log({ level: LEVEL, message: 'audit', ...record });
  }

  /** Ends the logger and waits until every transport has flushed, or `closeTimeoutMs` passed. */
  async close(): Promise<void> {
    const finished = this.transports.map(
      (t) =>
        new Promise<void>((resolve) => (t.writableFinished ? resolve() : t.once('finish', () => resolve()))),
    );
    const answered = new Promise<void>((resolve) => {
      this.settled = resolve;
      if (this.idle()) resolve();
    });
    this.logger.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, this.closeTimeoutMs).unref()),
    );
    await Promise.race([Promise.all([...finished, answered]), timeout]);
    clearTimeout(timer);
  }

  private idle(): boolean {
    for (const n of this.inFlight.values()) if (n > 0) return false;
    return true;
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
