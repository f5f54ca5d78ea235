// Test fixture: writes audit records as fast as it can and prints each acknowledged auditId to stdout
// (only after AuditLog.write returned). Usage: node -r register-ts.js writer-child.ts <file> <tag>
import { createLogger, format, transports } from 'winston';
import { AuditLog, type AuditEntry } from '../../../src/audit';

const [file, tag, mode] = process.argv.slice(2);
// mode "winston-async" is the control: a plain asynchronous winston File sink, which this test must catch.
const log = mode === 'winston-async' ? asyncWinstonSink(file) : new AuditLog({ file, server: 'crash-test' });
let n = 0;
let stopping = false;

function batch(): void {
  for (let i = 0; i < 100 && !stopping; i++) {
    const auditId = `${tag}-${n++}`;
    log.write({
      auditId,
      tool: 'load',
      principal: 'tester',
      sessionId: 's1',
      requestId: String(n),
      outcome: 'success',
      durationMs: 0.5,
      args: { query: 'x'.repeat(n % 300), nested: { n, list: [1, 2, 3] } },
    });
    // Acknowledge each record as soon as write() returned, so that a kill can land anywhere in the loop.
    // (Writes to a pipe are synchronous on Linux: once this returns, the parent can read the id.)
    process.stdout.write(auditId + '\n');
  }
  // Yield between batches so that a SIGTERM handler can run mid-load.
  if (!stopping) setImmediate(batch);
}

process.on('SIGTERM', () => {
  stopping = true;
  void log.close().then(() => process.exit(0));
});
process.stderr.write('ready\n');
batch();

function asyncWinstonSink(filename: string): Pick<AuditLog, 'write' | 'close'> {
  const logger = createLogger({ format: format.json(), transports: [new transports.File({ filename })] });
  return {
    write: (e: AuditEntry) => (logger.info('audit', { ...e }), e as never),
    close: () => new Promise<void>((resolve) => logger.end(resolve)),
  };
}
