import { resolve } from 'node:path';
import { verifyAuditLog, type AuditVerifyResult } from '../../audit';
import { listSegments } from '../../audit/rotation';
import { SecretResolver } from '../../security/secrets/resolver';
import { EXIT, type CliDeps } from '../deps';

export interface AuditVerifyCliOptions {
  /** Name of the anchor key secret (resolved like `@Secret`: env, `.env`, keychain of `--server`). */
  anchorSecret?: string;
  /** The external anchor file (`audit.anchor.file`). */
  anchors?: string;
  /** Server name for the keychain lookup of the anchor secret. */
  server?: string;
}

/**
 * `secure-mcp audit verify FILE`: checks the audit log's hash chain (with its rotated files), and the chains
 * other processes wrote next to it (`FILE` stem `.pid<N>.jsonl`) while it was held. With `--anchor-secret`
 * checkpoint signatures are checked; with `--anchors` the external anchor file is compared.
 */
export async function runAuditVerify(
  file: string,
  deps: CliDeps,
  options: AuditVerifyCliOptions = {},
): Promise<number> {
  const path = resolve(deps.cwd, file);
  let anchorKey: string | undefined;
  if (options.anchorSecret) {
    const found = await resolveAnchorKey(options.anchorSecret, options.server, deps);
    if (found === undefined) {
      deps.err(
        `secure-mcp audit verify: the anchor secret ${options.anchorSecret} was not found ` +
          `(looked in the environment, .env and the keychain${options.server ? ` of secure-mcp/${options.server}` : ' (give --server)'})`,
      );
      return EXIT.usage;
    }
    anchorKey = found;
  }
  const anchorFile = options.anchors ? resolve(deps.cwd, options.anchors) : undefined;
  let code: number = EXIT.ok;
  for (const chain of [path, ...listSegments(path)]) {
    let result: AuditVerifyResult;
    const shown = chain === path ? file : chain;
    try {
      result = await verifyAuditLog(chain, { anchorKey, anchorFile });
    } catch (e) {
      const errno = (e as NodeJS.ErrnoException).code;
      deps.err(`secure-mcp audit verify: cannot read ${shown}: ${errno ?? (e as Error).message}`);
      return EXIT.usage;
    }
    if (result.ok) {
      deps.out(`OK: ${result.records} records, hash chain intact (${shown})${describe(result, anchorKey)}`);
      continue;
    }
    const bad = result.firstBad;
    const where = bad
      ? `${bad.file === chain ? '' : ` (${bad.file})`} line ${bad.line}${bad.auditId ? ` (auditId ${bad.auditId})` : ''}: ${bad.problem}`
      : '';
    deps.out(`TAMPERED: ${shown}${where}; ${result.records} records before it are intact`);
    code = EXIT.findings;
  }
  return code;
}

function describe(result: AuditVerifyResult, anchorKey: string | undefined): string {
  const parts: string[] = [];
  if (result.files.length > 1) parts.push(`${result.files.length} files`);
  if (anchorKey !== undefined)
    parts.push(
      `${result.checkpoints} signed checkpoints, ${result.unanchored} newest records not yet signed`,
    );
  return parts.length ? `; ${parts.join(', ')}` : '';
}

async function resolveAnchorKey(
  name: string,
  server: string | undefined,
  deps: CliDeps,
): Promise<string | undefined> {
  if (deps.env[name]) return deps.env[name];
  const resolver = new SecretResolver({
    server: server ?? 'secure-mcp',
    envFile: resolve(deps.cwd, '.env'),
    keychain: server !== undefined,
  });
  const values = await resolver.resolveAll([{ name, tool: 'audit verify', optional: true }]);
  return values.get(name)?.reveal();
}
