import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PolicyError } from './errors';
import { mergePolicies } from './merge';
import { resolveExtends } from './resolve';
import { POLICY_FILE_NAME, type LoadedPolicy, type TeamPolicy } from './types';
import { validatePolicy } from './validate';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PolicyError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, file);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // Only the position: the parser's message quotes the file's text.
    const at = /position (\d+)/.exec((e as Error).message);
    throw new PolicyError(`${file}: not valid JSON${at ? ` (at position ${at[1]})` : ''}`, file);
  }
}

function loadChain(file: string, stack: string[], files: string[]): TeamPolicy {
  if (stack.includes(file)) {
    throw new PolicyError(`policy "extends" cycle: ${[...stack, file].join(' -> ')}`, file);
  }
  const own = validatePolicy(readJson(file), file);
  const specs = own.extends === undefined ? [] : Array.isArray(own.extends) ? own.extends : [own.extends];
  let merged: TeamPolicy = {};
  for (const spec of specs) {
    const parent = resolveExtends(spec, file);
    merged = mergePolicies(merged, loadChain(parent, [...stack, file], files));
  }
  files.push(file);
  return mergePolicies(merged, own);
}

/**
 * Loads a policy file with everything it `extends` (in order, later wins, the file itself last), validated.
 * Throws {@link PolicyError} naming the file on any problem, including `extends` cycles.
 */
export function loadPolicyFile(file: string): LoadedPolicy {
  const files: string[] = [];
  const policy = loadChain(resolve(file), [], files);
  return { policy, files };
}

/** Loads `secure-mcp.config.json` from a project folder; `undefined` when the project has none. */
export function loadProjectPolicy(projectDir: string): LoadedPolicy | undefined {
  const file = join(resolve(projectDir), POLICY_FILE_NAME);
  return existsSync(file) ? loadPolicyFile(file) : undefined;
}
