import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigFileError, readConfigFileSync } from '../files/read-config-file';
import { PolicyError } from './errors';
import { mergePolicies } from './merge';
import { resolveExtends } from './resolve';
import {
  LOCKABLE_RULES,
  POLICY_FILE_NAME,
  type LoadedPolicy,
  type LockableRule,
  type PolicyWeakening,
  type TeamPolicy,
} from './types';
import { validatePolicy } from './validate';
import { weakenedRules } from './weaken';

/** A policy is a few hundred bytes; 1 MB leaves room for comments and long allowlists. */
const POLICY_MAX_BYTES = 1024 * 1024;

function readJson(file: string): unknown {
  let text: string;
  try {
    // A planted FIFO or a link to /dev/zero must neither hang nor exhaust memory: regular files only, size-capped.
    text = readConfigFileSync(file, { maxBytes: POLICY_MAX_BYTES });
  } catch (e) {
    const why =
      e instanceof ConfigFileError
        ? e.reason
        : `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new PolicyError(`${file}: ${why}`, file);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // Only the position: the parser's message quotes the file's text.
    const at = /position (\d+)/.exec((e as Error).message);
    throw new PolicyError(`${file}: not valid JSON${at ? ` (at position ${at[1]})` : ''}`, file);
  }
}

/** A policy loaded with its `extends`, and for each rule the file that set (or locked) it. */
interface Chain {
  policy: TeamPolicy;
  origins: Partial<Record<LockableRule, string>>;
  lockedBy: Partial<Record<LockableRule, string>>;
  /** The file whose chain this is. */
  top: string;
}

function ownChain(own: TeamPolicy, file: string): Chain {
  const origins: Chain['origins'] = {};
  for (const rule of LOCKABLE_RULES) if (own[rule] !== undefined) origins[rule] = file;
  const lockedBy: Chain['lockedBy'] = {};
  for (const rule of own.locked ?? []) lockedBy[rule] = file;
  return { policy: own, origins, lockedBy, top: file };
}

/**
 * Merges `layer` (from `file`) onto `base`: records every rule the layer weakens, and refuses (throws) a
 * weakening of a rule a base file locked.
 */
function mergeLayer(base: Chain, layer: Chain, weakenings: PolicyWeakening[]): Chain {
  for (const { rule, change } of weakenedRules(base.policy, layer.policy)) {
    const file = layer.origins[rule] ?? layer.top;
    const lockedBy = base.lockedBy[rule];
    if (lockedBy) {
      throw new PolicyError(
        `${file}: "${rule}" is locked by ${lockedBy} and cannot be weakened here (${change}); ` +
          `remove "${rule}" from ${file} or ask the owner of ${lockedBy} to change it`,
        file,
      );
    }
    weakenings.push({ rule, file, base: base.origins[rule] ?? base.top, change });
  }
  const origins = { ...base.origins, ...layer.origins };
  // The first (most basic) file that locked a rule is the one named.
  const lockedBy = { ...layer.lockedBy, ...base.lockedBy };
  return { policy: mergePolicies(base.policy, layer.policy), origins, lockedBy, top: layer.top };
}

/** More distinct files than any real policy chain; a bound on what an `extends` graph may make us read. */
const MAX_POLICY_FILES = 100;

interface ChainState {
  /** Files in load order (each once). */
  files: string[];
  weakenings: PolicyWeakening[];
  /** Each file's chain, loaded once: a diamond of `extends` would otherwise cost fan-out^depth. */
  done: Map<string, Chain>;
  /** Distinct files started (a deep chain is counted before any of it finishes). */
  started: number;
}

function loadChain(file: string, stack: string[], state: ChainState): Chain {
  if (stack.includes(file)) {
    throw new PolicyError(`policy "extends" cycle: ${[...stack, file].join(' -> ')}`, file);
  }
  const cached = state.done.get(file);
  if (cached) return cached;
  if (++state.started > MAX_POLICY_FILES) {
    throw new PolicyError(`${file}: the policy "extends" more than ${MAX_POLICY_FILES} files`, file);
  }
  // Only the project's own file may have its unknown keys named: an extended file may be any JSON file.
  const own = validatePolicy(readJson(file), file, { nameUnknownKeys: stack.length === 0 });
  const specs = own.extends === undefined ? [] : Array.isArray(own.extends) ? own.extends : [own.extends];
  let merged: Chain | undefined;
  for (const spec of specs) {
    const parent = loadChain(resolveExtends(spec, file), [...stack, file], state);
    merged = merged ? mergeLayer(merged, parent, state.weakenings) : parent;
  }
  state.files.push(file);
  const layer = ownChain(own, file);
  const result = merged ? mergeLayer(merged, layer, state.weakenings) : layer;
  state.done.set(file, result);
  return result;
}

/**
 * Loads a policy file with everything it `extends` (in order, later wins, the file itself last), validated.
 * Every rule a file weakens against what it extends is listed in `weakenings`. Throws {@link PolicyError}
 * naming the file on any problem, including `extends` cycles and a weakened `locked` rule.
 */
export function loadPolicyFile(file: string): LoadedPolicy {
  const state: ChainState = { files: [], weakenings: [], done: new Map(), started: 0 };
  const { policy } = loadChain(resolve(file), [], state);
  delete policy.extends;
  return { policy, files: state.files, weakenings: state.weakenings };
}

/** Loads `secure-mcp.config.json` from a project folder; `undefined` when the project has none. */
export function loadProjectPolicy(projectDir: string): LoadedPolicy | undefined {
  const file = join(resolve(projectDir), POLICY_FILE_NAME);
  return existsSync(file) ? loadPolicyFile(file) : undefined;
}
