export {
  findKnownSecrets,
  findSecretsInNamedValue,
  isSecretName,
  redactKnownSecrets,
  type SecretHit,
} from './detect';
export { looksRandomSecret, shannonEntropy } from './entropy';
export { looksLikeSecretValue } from './value-shaped';
export { maskSecret } from './mask';
export { isOnlyReferences, stripReferences } from './references';
