import { looksRandomSecret } from './entropy';
import { maskSecret } from './mask';
import { NOT_A_SECRET_NAME, SECRET_NAME, SECRET_PATTERNS } from './patterns';
import { stripReferences } from './references';

/** A credential found in a value. `masked` is the only form of it that may be shown. */
export interface SecretHit {
  kind: string;
  label: string;
  masked: string;
}

/** Known credential formats inside `text` (references such as `${API_KEY}` are ignored). */
export function findKnownSecrets(text: string): SecretHit[] {
  const literal = stripReferences(text);
  const hits: SecretHit[] = [];
  for (const p of SECRET_PATTERNS) {
    for (const m of literal.matchAll(p.regex))
      hits.push({ kind: p.id, label: p.label, masked: maskSecret(m[0]) });
  }
  return hits;
}

/** True when a setting called `name` is expected to hold a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_A_SECRET_NAME.test(name);
}

/**
 * Secrets in one named value (an env entry, a header, a `--flag value` pair): known formats anywhere,
 * or a random-looking literal under a secret-sounding name.
 */
export function findSecretsInNamedValue(name: string, value: string): SecretHit[] {
  const known = findKnownSecrets(value);
  if (known.length > 0) return known;
  if (!isSecretName(name)) return [];
  const literal = stripReferences(value)
    .replace(/^(?:bearer|basic|token)\s+/i, '')
    .trim();
  return looksRandomSecret(literal)
    ? [{ kind: 'high-entropy', label: `random-looking value of ${name}`, masked: maskSecret(literal) }]
    : [];
}

/** The text with every known credential format replaced by its masked form (for relaying others' output). */
export function redactKnownSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((t, p) => t.replace(p.regex, (m) => maskSecret(m)), text);
}
