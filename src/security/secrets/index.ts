// The secrets subsystem: `@Secret` resolution, `SecretValue`, output scrubbing, and the keychain and
// catalog layers used by the `secure-mcp secrets` command.
export { SecretValue, REDACTED } from './secret-value';
export { SecretProviderUnavailable, type SecretProvider, type SecretContext } from './provider';
export { EnvProvider } from './providers/env';
export { DotenvProvider } from './providers/dotenv';
export { KeychainProvider } from './providers/keychain';
export { StaticProvider } from './providers/static';
export { SecretResolver, secretRequests, type SecretsOptions, type SecretRequest } from './resolver';
export { Scrubber, MIN_SECRET_LENGTH, MAX_SCRUB_DEPTH } from './scrubber';
export { encodedForms } from './encodings';
export { SecretCatalog, secretAgeDays, type SecretRecord } from './catalog';
export {
  keychainSet,
  keychainGet,
  keychainDelete,
  keychainService,
  assertSecretName,
  assertServerName,
  KeychainUnavailableError,
} from './keychain';
