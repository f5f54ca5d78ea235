import type { Logger } from '../logging/logger';
import type { SecureMcpServer } from './create-server';
import { guardOutputStreams } from './output-streams';
import { LineStdioTransport } from './stdio-transport';

/**
 * Serves over stdio and shuts down cleanly when the client goes away (stdin ends) or on SIGINT/SIGTERM:
 * in-flight calls finish or are recorded as interrupted, connections close and clean-up (audit flush) runs
 * before the process exits. While serving, stdout belongs to the transport alone: anything else written there
 * (`console.*`, the write method of `process.stdout`) goes to stderr, scrubbed.
 */
export async function listenStdio(
  server: SecureMcpServer,
  options: {
    maxMessageBytes: number;
    logger: Logger;
    scrub: (text: string) => string;
    /** Registers clean-up for `server.close()`. */
    onClose: (task: () => void) => void;
  },
): Promise<void> {
  const { maxMessageBytes, logger, scrub } = options;
  const streams = guardOutputStreams(scrub, { redirectStdout: true });
  options.onClose(() => streams.restore());
  const transport = new LineStdioTransport(
    maxMessageBytes,
    process.stdin,
    process.stdout,
    streams.writeStdout,
  );
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void server.close().finally(() => process.exit(code));
  };
  // `on`, not `once`: a second signal (npm and a supervisor both forwarding Ctrl-C or SIGTERM) would otherwise
  // kill the process mid-drain, losing the in-flight calls' records; the grace period bounds the wait anyway.
  const onSigint = () => stop(130);
  const onSigterm = () => stop(143);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  options.onClose(() => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  });
  process.stdin.once('end', () => stop(0));
  process.stdin.once('close', () => stop(0));
  // A client that closes its end of stdout is gone, like one that closes stdin: EPIPE means shut down
  // (in-flight calls recorded, audit flushed), not an uncaught exception.
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    logger.warn('the client stopped reading stdout; shutting down', { code: error.code });
    stop(0);
  };
  process.stdout.on('error', onStdoutError);
  options.onClose(() => process.stdout.off('error', onStdoutError));
  transport.onerror = (error) =>
    logger.warn('unreadable message on stdin', { error: error.message.slice(0, 200) });
  await server.connect(transport);
}
