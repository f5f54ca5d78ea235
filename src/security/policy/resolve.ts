import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { PolicyError } from './errors';
import { POLICY_FILE_NAME } from './types';

function fileOrPolicyInDir(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, POLICY_FILE_NAME) : path;
}

/**
 * Resolves an `extends` value seen in `fromFile` to a JSON file: a relative or absolute path (a file, or
 * a folder holding `secure-mcp.config.json`), or a package name found from `fromFile`'s folder the way
 * Node finds packages (its `main`, a `secure-mcp.config.json` at its root, or a subpath such as
 * `@acme/mcp-policy/strict.json`). Only JSON files are accepted: a policy never runs code.
 */
export function resolveExtends(spec: string, fromFile: string): string {
  const base = dirname(fromFile);
  let target: string | undefined;
  if (spec.startsWith('.') || isAbsolute(spec)) {
    target = fileOrPolicyInDir(resolve(base, spec));
  } else {
    target = resolvePackage(spec, base);
  }
  if (!target || !existsSync(target)) {
    throw new PolicyError(`${fromFile}: cannot find the policy "${spec}" named in "extends"`, fromFile);
  }
  if (!target.endsWith('.json')) {
    throw new PolicyError(`${fromFile}: "${spec}" resolves to ${target}, which is not a JSON file`, fromFile);
  }
  return target;
}

function resolvePackage(spec: string, base: string): string | undefined {
  try {
    return require.resolve(spec, { paths: [base] });
  } catch {
    // No resolvable main or subpath: fall back to the package root's policy file.
  }
  try {
    const pkgJson = require.resolve(`${spec}/package.json`, { paths: [base] });
    return join(dirname(pkgJson), POLICY_FILE_NAME);
  } catch {
    return undefined;
  }
}
