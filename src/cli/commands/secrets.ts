import { stateDir } from '../adapters/state-dir';
import { renderTable } from '../audit/format/table';
import { EXIT, type CliDeps } from '../deps';
import { maskSecret } from '../detect';

export interface SecretsOptions {
  server?: string;
  reveal?: boolean;
  json?: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

function backend(deps: CliDeps) {
  return deps.secrets(stateDir(deps.env, deps.home));
}

function checkName(name: string, deps: CliDeps): boolean {
  if (NAME.test(name)) return true;
  deps.err(
    `Invalid secret name "${name.slice(0, 40)}": use letters, digits, "_", "-" or "." (values are never given on the command line)`,
  );
  return false;
}

async function readValue(name: string, deps: CliDeps): Promise<string | undefined> {
  const value = await deps.readSecret(`Value for ${name}: `);
  if (value.length === 0) {
    deps.err('Empty value: nothing stored.');
    return undefined;
  }
  return value;
}

/** `secrets set NAME` and `secrets rotate NAME`: the value comes from stdin or a hidden prompt. */
export async function runSecretsWrite(
  kind: 'set' | 'rotate',
  name: string,
  o: SecretsOptions,
  deps: CliDeps,
): Promise<number> {
  if (!checkName(name, deps)) return EXIT.usage;
  const server = o.server ?? 'default';
  const value = await readValue(name, deps);
  if (value === undefined) return EXIT.usage;
  await backend(deps)[kind](server, name, value);
  deps.out(`${kind === 'set' ? 'Stored' : 'Rotated'} ${name} for server "${server}" in the OS keychain.`);
  return EXIT.ok;
}

/** `secrets get NAME [--reveal]`: without `--reveal` only a masked form is shown. */
export async function runSecretsGet(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  if (!checkName(name, deps)) return EXIT.usage;
  const server = o.server ?? 'default';
  const value = await backend(deps).get(server, name);
  if (value === undefined) {
    deps.err(`${name} is not set for server "${server}".`);
    return EXIT.findings;
  }
  deps.out(o.reveal ? value : `${name} = ${maskSecret(value)} (use --reveal to print it)`);
  return EXIT.ok;
}

/** `secrets remove NAME`. */
export async function runSecretsRemove(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  if (!checkName(name, deps)) return EXIT.usage;
  const server = o.server ?? 'default';
  const removed = await backend(deps).remove(server, name);
  deps.out(
    removed ? `Removed ${name} for server "${server}".` : `${name} was not set for server "${server}".`,
  );
  return removed ? EXIT.ok : EXIT.findings;
}

/** `secrets list`: names and dates only. */
export async function runSecretsList(o: SecretsOptions, deps: CliDeps): Promise<number> {
  const entries = await backend(deps).list(o.server);
  if (o.json) {
    deps.out(JSON.stringify({ secrets: entries }, null, 2));
    return EXIT.ok;
  }
  if (entries.length === 0) {
    deps.out('No secrets recorded.');
    return EXIT.ok;
  }
  const now = deps.now().getTime();
  const age = (iso: string) => `${Math.floor((now - Date.parse(iso)) / 86_400_000)}d`;
  const rows = entries.map((e) => [
    e.server,
    e.name,
    e.createdAt.slice(0, 10),
    e.rotatedAt?.slice(0, 10) ?? '-',
    age(e.rotatedAt ?? e.createdAt),
  ]);
  for (const line of renderTable(['SERVER', 'NAME', 'CREATED', 'ROTATED', 'AGE'], rows)) deps.out(line);
  return EXIT.ok;
}
