import { resolve } from 'node:path';
import { verifyAuditLog, type AuditVerifyResult } from '../../audit';
import { EXIT, type CliDeps } from '../deps';

/** `secure-mcp audit verify FILE`: checks the audit log's hash chain. */
export async function runAuditVerify(file: string, deps: CliDeps): Promise<number> {
  let result: AuditVerifyResult;
  try {
    result = await verifyAuditLog(resolve(deps.cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    deps.err(`secure-mcp audit verify: cannot read ${file}: ${code ?? (e as Error).message}`);
    return EXIT.usage;
  }
  if (result.ok) {
    deps.out(`OK: ${result.records} records, hash chain intact (${file})`);
    return EXIT.ok;
  }
  const bad = result.firstBad;
  const where = bad
    ? ` line ${bad.line}${bad.auditId ? ` (auditId ${bad.auditId})` : ''}: ${bad.problem}`
    : '';
  deps.out(`TAMPERED: ${file}${where}; ${result.records} records before it are intact`);
  return EXIT.findings;
}
