/** A known credential format. */
export interface SecretPattern {
  id: string;
  label: string;
  regex: RegExp;
}

// Each regex is global so that every match in a value is found. Keep them linear: no nested quantifiers,
// and a pattern whose run can fail at its end must not restart inside that run. `(?<![class])` before the
// first character does that: a start is tried only where the run begins, so each run is read once
// (without it, `eyJ-eyJ-eyJ-…` or `a.a.a.a…` rescans the rest of the value from every position).
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { id: 'anthropic', label: 'Anthropic API key', regex: /sk-ant-[A-Za-z0-9_-]{16,}/g },
  { id: 'openai', label: 'OpenAI-style API key (sk-)', regex: /\bsk-(?!ant-)[A-Za-z0-9_-]{16,}/g },
  { id: 'aws-access-key', label: 'AWS access key id', regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { id: 'github-token', label: 'GitHub token', regex: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/g },
  { id: 'github-pat', label: 'GitHub fine-grained token', regex: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { id: 'slack-token', label: 'Slack token', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { id: 'google-api-key', label: 'Google API key', regex: /\bAIza[0-9A-Za-z_-]{35}/g },
  { id: 'stripe-key', label: 'Stripe key', regex: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/g },
  {
    id: 'private-key',
    label: 'private key block',
    regex: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    id: 'jwt',
    label: 'JSON Web Token',
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  {
    id: 'url-credentials',
    label: 'password in a URL',
    regex: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^/\s:@"']+:[^/\s@"']{3,}@/gi,
  },
];

/** Names of settings that usually hold a credential. */
export const SECRET_NAME = /(?:key|token|secret|passw(?:or)?d|pwd|credential|auth|bearer|private)/i;
/** Names that mention a secret but hold something else (a file path, a URL, a key id, ...). */
export const NOT_A_SECRET_NAME = /(?:_file|_path|_dir|_url|_uri|_host|_id|_name|_region|_type|_env)$/i;
