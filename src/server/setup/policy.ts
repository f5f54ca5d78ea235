import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StartupError } from '../../errors';
import type { AnyDefinition } from '../../metadata/types';
import { checkPolicy, hostAllowed } from '../../security/policy/check';
import { PolicyError } from '../../security/policy/errors';
import { loadPolicyFile, loadProjectPolicy } from '../../security/policy/load';
import type { TeamPolicy } from '../../security/policy/types';
import type { ServerOptions } from '../options';

/**
 * The project's `secure-mcp.config.json`: in the project folder (`baseDir`), else the working directory, else in the folder of the entry script or
 * one above it up to its package root. MCP clients often start servers from `/` or their own folder, where a
 * working-directory lookup alone would silently find no policy.
 */
function findProjectPolicy(baseDir: string | undefined) {
  const fromProject = baseDir ? loadProjectPolicy(baseDir) : undefined;
  if (fromProject) return fromProject;
  const fromCwd = loadProjectPolicy(process.cwd());
  if (fromCwd || !process.argv[1]) return fromCwd;
  for (let dir = dirname(resolve(process.argv[1])); ; dir = dirname(dir)) {
    const found = loadProjectPolicy(dir);
    if (found || existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return found;
  }
}

/** The policy, or a {@link StartupError} when it cannot be loaded (invalid, a locked rule weakened...). */
function loadOrRefuse(file: string | undefined, baseDir: string | undefined) {
  try {
    return file ? loadPolicyFile(file) : findProjectPolicy(baseDir);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    throw new StartupError(`the team policy cannot be used: ${e.message}`, { cause: e });
  }
}

/**
 * Loads the team policy (`secure-mcp.config.json` or `options.policy`) and refuses to start when a tool or the
 * server configuration breaks it, naming tool and rule. Returns the policy so start-up can apply it.
 */
export function enforcePolicy(
  options: ServerOptions,
  definitions: readonly AnyDefinition[],
): TeamPolicy | undefined {
  if (options.policy === false) return undefined;
  const loaded = loadOrRefuse(options.policy, options.baseDir);
  if (!loaded) return undefined;
  const { policy } = loaded;
  const hasDefaultLimit = options.rateLimit?.default !== undefined;
  const auditAll = options.audit?.all === true;
  const views = definitions.map((d) => ({
    ...d,
    name: d.kind === 'tool' ? d.name : `${d.kind}:${d.name}`,
    rateLimits: d.rateLimits.length === 0 && hasDefaultLimit ? [options.rateLimit!.default] : d.rateLimits,
    audit: d.audit ?? (auditAll ? {} : undefined),
    // In a read-only server write tools are not served, so the policy's readOnly rule is met.
    readOnly: d.readOnly || options.readOnly === true,
  }));
  const problems = checkPolicy(policy, views).map((v) => `${v.tool}: ${v.rule}: ${v.message}`);
  const allow = policy.network?.allow;
  if (allow && options.network) {
    const outside = options.network.allow.filter((h) => !hostAllowed(h, allow));
    if (outside.length)
      problems.push(`server: network.allow: hosts outside the policy: ${outside.join(', ')}`);
  }
  if (problems.length > 0) {
    throw new StartupError(
      `the team policy (${loaded.files.join(' → ')}) is not met:\n  ${problems.join('\n  ')}`,
    );
  }
  return policy;
}
