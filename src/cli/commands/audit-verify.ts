import { resolve } from 'node:path';
import { EXIT, type CliDeps } from '../deps';

/** `secure-mcp audit verify FILE`: checks the audit log's hash chain. */
export async function runAuditVerify(file: string, deps: CliDeps): Promise<number> {
  const result = await deps.verifyAuditLog(resolve(deps.cwd, file));
  if (result.ok) {
    deps.out(`OK: ${result.records} records, hash chain intact (${file})`);
    return EXIT.ok;
  }
  deps.out(
    `TAMPERED: ${file} line ${result.line}${result.auditId ? ` (auditId ${result.auditId})` : ''}: ${result.reason}; ` +
      `${result.records} records before it are intact`,
  );
  return EXIT.findings;
}
