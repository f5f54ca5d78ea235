import {
  assertSecretName,
  assertServerName,
  MIN_SECRET_LENGTH,
  SecretCatalog,
  secretAgeDays,
} from '../../security/secrets';
import { KeychainUnavailableError } from '../../security/secrets/keychain';
import { stateDir } from '../../state-dir';
import { looksLikeSecretValue } from '../detect';
import { renderTable } from '../audit/format/table';
import { EXIT, type CliDeps } from '../deps';
import { keychainAlternatives } from './keychain-alternatives';

export interface SecretsOptions {
  server?: string;
  reveal?: boolean;
  json?: boolean;
}

interface Target {
  server: string;
  name: string;
}

/** The catalog (names and dates only) in the user's state directory. */
function catalog(deps: CliDeps): SecretCatalog {
  return new SecretCatalog(stateDir(deps.env, deps.platform, deps.home), deps.now);
}

/** The server and secret name, checked the way the keychain layer checks them; `undefined` after an error. */
function target(name: string, o: SecretsOptions, deps: CliDeps): Target | undefined {
  const server = o.server ?? '';
  try {
    assertServerName(server);
    assertSecretName(name);
  } catch (e) {
    deps.err(`${(e as Error).message.slice(0, 200)} (values are never given on the command line)`);
    return undefined;
  }
  return { server, name };
}

/** Reads the value from stdin or a hidden prompt; refuses values too short to be scrubbed from output. */
async function readValue(name: string, deps: CliDeps): Promise<string | undefined> {
  const value = await deps.readSecret(`Value for ${name}: `);
  if (value.length === 0) {
    deps.err('Empty value: nothing stored.');
    return undefined;
  }
  if (value.length < MIN_SECRET_LENGTH) {
    deps.err(
      `Value too short: secrets shorter than ${MIN_SECRET_LENGTH} characters are refused because they ` +
        'cannot be scrubbed from output reliably. Nothing stored.',
    );
    return undefined;
  }
  return value;
}

/**
 * Refuses a NAME that looks like a secret value: it was probably pasted where the name goes, and a name is
 * stored in plain text (catalog, shell history, keychain account) and printed everywhere.
 */
function refuseValueShapedName(name: string, deps: CliDeps): boolean {
  if (!looksLikeSecretValue(name)) return false;
  deps.err(
    'Refused: this NAME looks like a secret value (a token format or a long random string), not a name. ' +
      'Give a name such as API_KEY and type the value at the prompt (or pipe it on stdin). Nothing stored. ' +
      'If the value was pasted on the command line, it is in your shell history: rotate it.',
  );
  return true;
}

/** Runs a keychain command; a keychain that does not answer gives the ways that work here, not a dead end. */
async function orAlternatives(
  name: string,
  action: string,
  deps: CliDeps,
  command: () => Promise<number>,
): Promise<number> {
  try {
    return await command();
  } catch (e) {
    if (!(e instanceof KeychainUnavailableError)) throw e;
    deps.err(keychainAlternatives(name, deps.cwd, e.message, action));
    return EXIT.usage;
  }
}

/** `secrets set NAME`: stores (or replaces) the value read from stdin or a hidden prompt. */
export function runSecretsSet(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  return orAlternatives(name, 'stored', deps, () => secretsSet(name, o, deps));
}

async function secretsSet(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  if (refuseValueShapedName(name, deps)) return EXIT.usage;
  const t = target(name, o, deps);
  if (!t) return EXIT.usage;
  const cat = catalog(deps);
  await cat.get(t.server, t.name); // a broken catalog fails here, before the keychain is touched
  // Ask the keychain before the value is typed: where there is none, the user learns it before pasting a secret.
  await deps.keychain.get(t.server, t.name);
  const value = await readValue(t.name, deps);
  if (value === undefined) return EXIT.usage;
  await deps.keychain.set(t.server, t.name, value);
  await cat.set(t.server, t.name);
  deps.out(`Stored ${t.name} for server "${t.server}" in the OS keychain.`);
  return EXIT.ok;
}

/** `secrets rotate NAME`: replaces an existing value with a new one (stdin or a hidden prompt). */
export function runSecretsRotate(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  return orAlternatives(name, 'rotated', deps, () => secretsRotate(name, o, deps));
}

async function secretsRotate(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  if (refuseValueShapedName(name, deps)) return EXIT.usage;
  const t = target(name, o, deps);
  if (!t) return EXIT.usage;
  const cat = catalog(deps);
  const recorded = await cat.get(t.server, t.name);
  const old = await deps.keychain.get(t.server, t.name);
  if (old === undefined) {
    deps.err(`${t.name} is not set for server "${t.server}": nothing to rotate (use "secrets set").`);
    return EXIT.findings;
  }
  const value = await readValue(t.name, deps);
  if (value === undefined) return EXIT.usage;
  if (value === old) {
    deps.err('The new value is the stored one: nothing rotated.');
    return EXIT.usage;
  }
  await deps.keychain.set(t.server, t.name, value);
  // A keychain entry made by another tool has no record yet: it is recorded from now on.
  await (recorded ? cat.rotate(t.server, t.name) : cat.set(t.server, t.name));
  deps.out(`Rotated ${t.name} for server "${t.server}" in the OS keychain.`);
  return EXIT.ok;
}

/** `secrets get NAME [--reveal]`: without `--reveal` only whether it is set. */
export async function runSecretsGet(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  const t = target(name, o, deps);
  if (!t) return EXIT.usage;
  const value = await deps.keychain.get(t.server, t.name);
  if (value === undefined) {
    deps.err(`${t.name} is not set for server "${t.server}".`);
    return EXIT.findings;
  }
  deps.out(
    o.reveal ? value : `${t.name} is set for server "${t.server}": [redacted] (use --reveal to print it)`,
  );
  return EXIT.ok;
}

/** `secrets remove NAME`: deletes the keychain entry and its record. */
export async function runSecretsRemove(name: string, o: SecretsOptions, deps: CliDeps): Promise<number> {
  const t = target(name, o, deps);
  if (!t) return EXIT.usage;
  const fromKeychain = await deps.keychain.delete(t.server, t.name);
  const fromCatalog = await catalog(deps).remove(t.server, t.name);
  if (!fromKeychain && !fromCatalog) {
    deps.err(`${t.name} was not set for server "${t.server}".`);
    return EXIT.findings;
  }
  deps.out(`Removed ${t.name} for server "${t.server}".`);
  return EXIT.ok;
}

/** `secrets list`: names and dates only. */
export async function runSecretsList(o: SecretsOptions, deps: CliDeps): Promise<number> {
  const records = await catalog(deps).list(o.server);
  if (o.json) {
    deps.out(JSON.stringify({ secrets: records }, null, 2));
    return EXIT.ok;
  }
  if (records.length === 0) {
    deps.out('No secrets recorded.');
    return EXIT.ok;
  }
  const now = deps.now();
  const rows = records.map((r) => [
    r.server,
    r.name,
    r.createdAt.slice(0, 10),
    r.rotatedAt === r.createdAt ? '-' : r.rotatedAt.slice(0, 10),
    `${secretAgeDays(r, now)}d`,
  ]);
  for (const line of renderTable(['SERVER', 'NAME', 'CREATED', 'ROTATED', 'AGE'], rows)) deps.out(line);
  return EXIT.ok;
}
