import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT, type CliDeps } from '../deps';
import { generatedNames } from '../generate/names';
import { generatedFiles, type CapabilityKind } from '../generate/sources';

const KINDS: readonly CapabilityKind[] = ['tool', 'resource', 'prompt'];
const LIST_OPTION: Record<CapabilityKind, string> = {
  tool: 'tools',
  resource: 'resources',
  prompt: 'prompts',
};

/**
 * `secure-mcp add tool|resource|prompt <name>`: writes the class (with its DTO) and a passing test in the
 * project's conventions; never overwrites a file.
 */
export function runAdd(kind: string, name: string, o: { project?: string }, deps: CliDeps): Promise<number> {
  if (!KINDS.includes(kind as CapabilityKind)) {
    deps.err(`secure-mcp add: what to add must be one of ${KINDS.join(', ')}`);
    return Promise.resolve(EXIT.usage);
  }
  const names = generatedNames(name);
  if (!names) {
    deps.err(
      'secure-mcp add: the name must start with a letter and use up to 64 letters, digits, "_", "-" or "."',
    );
    return Promise.resolve(EXIT.usage);
  }
  const project = resolve(deps.cwd, o.project ?? '.');
  const files = generatedFiles(kind as CapabilityKind, names);
  const existing = files.filter((f) => existsSync(join(project, f.path)));
  if (existing.length > 0) {
    deps.err(`secure-mcp add: ${existing.map((f) => f.path).join(', ')} already exists; nothing written`);
    return Promise.resolve(EXIT.usage);
  }
  for (const f of files) {
    mkdirSync(dirname(join(project, f.path)), { recursive: true });
    writeFileSync(join(project, f.path), f.text, { flag: 'wx' });
    deps.out(`created ${f.path}`);
  }
  const cls = files[0].text.match(/export class (\w+(?:Tool|Resource|Prompt)) /)?.[1];
  deps.out(
    `Next: import ${cls} in src/server.ts and add it to \`${LIST_OPTION[kind as CapabilityKind]}: [...]\` of ` +
      'createServer; then npm test.',
  );
  return Promise.resolve(EXIT.ok);
}
