import type { AsyncEntry as AsyncEntryType } from '@napi-rs/keyring';

/**
 * A thin layer over `@napi-rs/keyring` (macOS Keychain, Windows Credential Manager, the Secret Service on
 * Linux). Entries live under service `secure-mcp/<server>`, account `<NAME>`; the CLI writes them and
 * {@link KeychainProvider} reads them.
 */

/** The keychain could not be used at all (no Secret Service, locked, native module missing...). */
export class KeychainUnavailableError extends Error {
  override readonly name: string = 'KeychainUnavailableError';
}

/** Service name of a server's entries. */
export function keychainService(server: string): string {
  return `secure-mcp/${server}`;
}

const SECRET_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Throws when `name` cannot be a secret name (env-var-like: letters, digits, `_`, `.`, `-`). */
export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new TypeError(`invalid secret name ${JSON.stringify(name)}: use letters, digits, "_", "." or "-"`);
  }
}

/** Throws when `server` cannot be a server name (empty, longer than 128, control characters). */
export function assertServerName(server: string): void {
  if (server.length === 0 || server.length > 128 || CONTROL.test(server)) {
    throw new TypeError(`invalid server name ${JSON.stringify(server)}`);
  }
}

/** Bound on every keychain call, so a hung D-Bus cannot hang start-up or the CLI. */
const TIMEOUT_MS = 10_000;

let binding: typeof import('@napi-rs/keyring') | undefined;

// Loaded on first use, not at import: a platform without a prebuilt binary must still be able to start a
// server whose secrets come from the environment.
function load(): typeof import('@napi-rs/keyring') {
  try {
    binding ??= require('@napi-rs/keyring') as typeof import('@napi-rs/keyring');
    return binding;
  } catch (error) {
    throw new KeychainUnavailableError(`native keyring module not loadable (${(error as Error).message})`);
  }
}

function entry(server: string, name: string): AsyncEntryType {
  assertServerName(server);
  assertSecretName(name);
  const { AsyncEntry } = load();
  try {
    // Pin the Secret Service on Linux: the default falls back to the kernel keyring (keyutils), which
    // silently returns "not found" without a session bus and does not survive a reboot.
    return new AsyncEntry(keychainService(server), name, { linux: { store: 'secret-service' } });
  } catch (error) {
    throw unavailable(error);
  }
}

function unavailable(error: unknown): KeychainUnavailableError {
  if (error instanceof KeychainUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/DBUS_SESSION_BUS_ADDRESS|DBus error/i.test(message)) {
    return new KeychainUnavailableError('no Secret Service: no D-Bus session bus');
  }
  if (/no result found/i.test(message)) {
    return new KeychainUnavailableError(
      'Secret Service has no unlocked default collection (keyring locked?)',
    );
  }
  return new KeychainUnavailableError(message);
}

async function call<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await run(AbortSignal.timeout(TIMEOUT_MS));
  } catch (error) {
    throw unavailable(error);
  }
}

/** Stores (or replaces) `name` for `server`. */
export async function keychainSet(server: string, name: string, value: string): Promise<void> {
  if (typeof value !== 'string' || value === '')
    throw new TypeError('secret value must be a non-empty string');
  const e = entry(server, name);
  await call((signal) => e.setPassword(value, signal));
}

/** The stored value, or `undefined` when there is none. */
export async function keychainGet(server: string, name: string): Promise<string | undefined> {
  const e = entry(server, name);
  return (await call((signal) => e.getPassword(signal))) ?? undefined;
}

/** Deletes `name`; `false` when there was nothing to delete. */
export async function keychainDelete(server: string, name: string): Promise<boolean> {
  const e = entry(server, name);
  return call((signal) => e.deleteCredential(signal));
}
