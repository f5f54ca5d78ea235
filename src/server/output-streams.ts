type Write = NodeJS.WriteStream['write'];
type Callback = (error?: Error | null) => void;

/** What {@link guardOutputStreams} installed, and how to undo it. */
export interface GuardedStreams {
  /** Writes to the real stdout (the stdio transport's JSON-RPC lines). */
  writeStdout(text: string): boolean;
  restore(): void;
}

/**
 * While a server serves, everything written to stderr is scrubbed of known secrets, and, on a stdio server,
 * everything written to stdout goes to stderr instead (scrubbed too): stdout carries only JSON-RPC. Patching
 * the streams' `write` covers every console method (`log`, `dir`, `table`, `trace`, `group`...), `Console`
 * instances built on these streams, and libraries that write to them directly. Only the transport, given
 * `writeStdout`, reaches the real stdout. A secret split across two `write` calls is not caught; nor is a
 * write through the file descriptor (`fs.writeSync(1, ...)`).
 */
export function guardOutputStreams(
  scrub: (text: string) => string,
  options: { redirectStdout: boolean },
): GuardedStreams {
  const { stdout, stderr } = process;
  const realOut = stdout.write;
  const realErr = stderr.write;
  const ownOut = Object.prototype.hasOwnProperty.call(stdout, 'write');
  const ownErr = Object.prototype.hasOwnProperty.call(stderr, 'write');

  const scrubbedTo =
    (stream: NodeJS.WriteStream, write: Write): Write =>
    (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const done = (typeof encoding === 'function' ? encoding : callback) as Callback | undefined;
      const text = scrub(toText(chunk, encoding));
      return done ? write.call(stream, text, 'utf8', done) : write.call(stream, text);
    };
  const toStderr = scrubbedTo(stderr, realErr);
  stderr.write = toStderr;
  stdout.write = options.redirectStdout ? toStderr : scrubbedTo(stdout, realOut);

  return {
    writeStdout: (text) => realOut.call(stdout, text),
    restore() {
      if (ownOut) stdout.write = realOut;
      else delete (stdout as Partial<NodeJS.WriteStream>).write;
      if (ownErr) stderr.write = realErr;
      else delete (stderr as Partial<NodeJS.WriteStream>).write;
    },
  };
}

// Decoded to text to be scrubbed; what is written is that text, as UTF-8.
function toText(chunk: unknown, encoding: unknown): string {
  if (typeof chunk === 'string') {
    const decode = typeof encoding === 'string' && encoding !== 'utf8' && Buffer.isEncoding(encoding);
    return decode ? Buffer.from(chunk, encoding).toString('utf8') : chunk;
  }
  if (chunk instanceof Uint8Array) {
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  }
  return String(chunk);
}
