import type TransportStream from 'winston-transport';

/** One entry given to a {@link LogTransport}: its level, message and fields (an audit copy: the record's fields). */
export interface LogEntry {
  level: string;
  message: string;
  [field: string]: unknown;
  /** winston's own keys (the formatted line is under `Symbol.for('message')` for its transports). */
  [key: symbol]: unknown;
}

/**
 * Where log lines or copies of audit records go besides stderr and the audit file: a SIEM, syslog, a log host.
 * A plain object `{ log(entry, done) { ... } }` is one; so is any winston transport (`new transports.Http(...)`,
 * Splunk, Datadog, Loki...), which has this shape and is used as it is.
 */
export interface LogTransport {
  /**
   * Takes one entry. Call `done` once it is delivered or given up on: an audit log's `close()` waits for that
   * (at most `closeTimeoutMs`). Required; optional in the type only because winston's transports declare it so.
   */
  log?(entry: LogEntry, done: () => void): unknown;
  /** The least severe level it takes (`'info'`, `'debug'`...). Default: every entry. */
  level?: string;
  /** Called when the logger or audit log closes. */
  close?(): unknown;
}

// winston-transport (and readable-stream under it) is loaded when the first plain transport is wrapped, not
// when secure-mcp is imported.
type PlainTransportClass = new (
  sink: LogTransport,
  deliver: NonNullable<LogTransport['log']>,
) => TransportStream;
let plainTransportClass: PlainTransportClass | undefined;
const plain = new WeakSet<TransportStream>();

function definePlainTransport(): PlainTransportClass {
  const Base = require('winston-transport') as typeof TransportStream;
  /** A plain {@link LogTransport} as a winston transport: `'logged'` when its `done` is called, `'warn'` if it throws. */
  class PlainTransport extends Base {
    constructor(
      private readonly sink: LogTransport,
      private readonly deliver: NonNullable<LogTransport['log']>,
    ) {
      super({ level: sink.level });
    }

    override log(info: LogEntry, next: () => void): void {
      const entry = finalEntry(info);
      let answered = false;
      const done = (): void => {
        if (answered) return;
        answered = true;
        this.emit('logged', info);
      };
      try {
        this.deliver.call(this.sink, entry, done);
      } catch (error) {
        // A failing copy must not stop the others or the caller. 'warn' is what winston's HTTP transport emits
        // for a failed request; an audit log counts it as answered, like 'logged'.
        if (!answered) {
          answered = true;
          this.emit('warn', error);
        }
      }
      next();
    }

    override close(): void {
      this.sink.close?.();
    }
  }
  return PlainTransport;
}

const MESSAGE = Symbol.for('message');

// The formatted line is what the logger's formats (the secret scrubber among them) produced; the fields of
// `info` are the unscrubbed input. A plain transport gets the entry read back from that line.
function finalEntry(info: LogEntry): LogEntry {
  const line = info[MESSAGE];
  if (typeof line !== 'string') return info;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object') return { ...(parsed as LogEntry), [MESSAGE]: line };
  } catch {
    // Not JSON (a custom format): hand over the line itself, never the unscrubbed fields.
  }
  return { level: info.level, message: line, [MESSAGE]: line };
}

/** The winston transport for a {@link LogTransport}: winston's own (any stream) as they are, plain ones wrapped. */
export function toWinstonTransport(transport: LogTransport): TransportStream {
  // winston's transports are streams (of readable-stream, not node:stream, so no instanceof Writable).
  if (typeof (transport as { _write?: unknown })?._write === 'function') return transport as TransportStream;
  const write = transport?.log;
  if (typeof write !== 'function')
    throw new TypeError('a log transport needs a log(entry, done) method (or use a winston transport)');
  const wrapped = new (plainTransportClass ??= definePlainTransport())(transport, write);
  plain.add(wrapped);
  return wrapped;
}

/** Whether `transport` reports delivery with `'logged'` per entry (so a close can wait for it). */
export function isPlainTransport(transport: TransportStream): boolean {
  return plain.has(transport);
}
