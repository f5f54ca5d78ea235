// Test fixture: on the line "go" on stdin, opens an AuditLog on argv[2], prints the file it got, writes one
// record, then holds the log until stdin closes. Usage: node -r register-ts.js lock-child.ts <file>
import { AuditLog } from '../../../src/audit';

let log: AuditLog | undefined;
process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
  if (log || !chunk.includes('go')) return;
  log = new AuditLog({ file: process.argv[2], server: 'lock-test', warn: () => {} });
  log.write({
    auditId: `child-${process.pid}`,
    tool: 't',
    principal: 'p',
    sessionId: 's',
    requestId: 'r',
    outcome: 'success',
    durationMs: 0,
  });
  process.stdout.write(log.file + '\n');
});
process.stdin.on('end', () => void (log?.close() ?? Promise.resolve()).then(() => process.exit(0)));
process.stdout.write('ready\n');
