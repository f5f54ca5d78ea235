// Runs inside a real (headless) Secret Service session, or without one; prints one JSON object of findings.
// It never prints a secret value: every check is done here and reported as a boolean or a redacted message.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KeychainProvider,
  SecretResolver,
  keychainDelete,
  keychainGet,
  keychainSet,
} from '../../../src/security/secrets';

const SERVER = 'keychain-itest';
const NAME = 'CANARY_API_KEY';
const CANARY = 'canary-secret-7f3a9';
const CANARY_DOTENV = 'canary-dotenv-2b8c1';

async function withKeyring(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out.absentBefore = (await keychainGet(SERVER, NAME)) === undefined;
  await keychainSet(SERVER, NAME, CANARY);
  out.readBack = (await keychainGet(SERVER, NAME)) === CANARY;
  // An independent client of the same Secret Service sees the entry under the documented service/account.
  out.secretToolSees =
    execFileSync('secret-tool', ['lookup', 'service', `secure-mcp/${SERVER}`, 'username', NAME], {
      encoding: 'utf8',
    }) === CANARY;
  out.providerReads = (await new KeychainProvider().get(NAME, { server: SERVER })) === CANARY;

  // Resolution order around the keychain: .env beats the keychain, the keychain beats custom providers.
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  writeFileSync(join(dir, '.env'), `${NAME}=${CANARY_DOTENV}\n`);
  let customAsked = false;
  const custom = { name: 'custom', get: async () => ((customAsked = true), 'custom-value-0000') };
  const withDotenv = await new SecretResolver({
    server: SERVER,
    envFile: join(dir, '.env'),
    providers: [custom],
  }).resolveAll([{ name: NAME, tool: 'KeychainTool' }]);
  out.dotenvWins = withDotenv.get(NAME)?.reveal() === CANARY_DOTENV;
  const resolver = new SecretResolver({ server: SERVER, envFile: false, providers: [custom] });
  const fromKeychain = await resolver.resolveAll([{ name: NAME, tool: 'KeychainTool' }]);
  out.keychainBeatsCustom = fromKeychain.get(NAME)?.reveal() === CANARY && !customAsked;
  out.scrubbed = resolver.scrubber.scrub(`token=${CANARY}`) === 'token=[REDACTED]';

  out.deleted = await keychainDelete(SERVER, NAME);
  out.deletedAgain = await keychainDelete(SERVER, NAME);
  out.absentAfter = (await keychainGet(SERVER, NAME)) === undefined;
  out.missingMessage = await missingMessage();
  return out;
}

async function missingMessage(): Promise<string> {
  try {
    await new SecretResolver({ server: SERVER, envFile: false }).resolveAll([
      { name: NAME, tool: 'KeychainTool' },
    ]);
    return 'resolved';
  } catch (error) {
    return (error as Error).message;
  }
}

async function withoutKeyring(): Promise<Record<string, unknown>> {
  let setError = '';
  await keychainSet(SERVER, NAME, CANARY).catch((e: Error) => (setError = `${e.name}: ${e.message}`));
  return { setError, missingMessage: await missingMessage() };
}

(process.argv[2] === 'with-keyring' ? withKeyring() : withoutKeyring()).then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (error: Error) => process.stdout.write(JSON.stringify({ crashed: `${error.name}: ${error.message}` })),
);
