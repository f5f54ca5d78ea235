import { findKnownSecrets, findSecretsInNamedValue, type SecretHit } from '../../detect';
import type { Finding } from '../finding';
import { readProjectFile } from './read-project-file';
import type { ProjectFile } from './walk';

export const SOURCE_FILE =
  /\.(?:[cm]?[jt]sx?|json|ya?ml|toml|ini|sh|py|properties|conf)$|^\.npmrc$|^(?:README|Readme|readme)(?:\.(?:md|markdown|txt|rst))?$/;
// The look-behind makes a name start only where a run of name characters starts (linear on long lines).
const ASSIGNMENT = /(?<![\w.-])([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["'`]([^"'`\n]{8,})["'`]/g;
// Lock files hold hashes, not secrets; the project's MCP client configs are checked (once) as client configs.
const SKIP_FILES =
  /(?:^|\/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|npm-shrinkwrap\.json)$|^(?:\.mcp\.json|\.cursor\/mcp\.json|\.vscode\/mcp\.json)$/;
// `.npmrc` settings are unquoted `key=value` lines (`//registry.npmjs.org/:_authToken=...`).
const INI_FILE = /(?:^|\/)\.npmrc$/;
export const MAX_BYTES = 1_000_000;
export const MAX_LINE = 2_000;

/** `key=value` of an unquoted ini line (split at the first `=`: linear, no regex backtracking). */
function iniHits(line: string): SecretHit[] {
  const at = line.indexOf('=');
  if (at <= 0 || /^\s*[#;]/.test(line)) return [];
  return findSecretsInNamedValue(line.slice(0, at).trim(), line.slice(at + 1).trim());
}

function notScanned(f: ProjectFile, why: string, line?: number): Finding {
  return {
    id: 'file-not-scanned',
    severity: 'low',
    title: `${f.rel}${line ? ` (from line ${line})` : ''} not scanned for secrets: ${why}`,
    file: f.rel,
    line,
    fix: 'Check it by hand, or keep credentials out of generated, minified or very large files.',
  };
}

/** The file's text, or a finding saying why it was not read (never aborts the audit, never blocks). */
function readText(f: ProjectFile): { text: string } | { finding: Finding } {
  const read = readProjectFile(f, MAX_BYTES);
  if ('tooBig' in read) return { finding: notScanned(f, `larger than ${MAX_BYTES / 1_000_000} MB`) };
  if ('text' in read) {
    return read.text.includes('\u0000') ? { finding: notScanned(f, 'binary content (NUL bytes)') } : read;
  }
  return {
    finding: {
      id: 'file-unreadable',
      severity: 'medium',
      title: `Could not read ${f.rel} (${read.error === 'ENOTREG' ? 'not a regular file' : read.error}): not scanned`,
      file: f.rel,
      fix: 'Make the file readable by the user running the audit (or remove it), then audit again.',
    },
  };
}

/**
 * Secret-looking strings in project files: known key formats, and random literals assigned to secret-sounding
 * names. What cannot be scanned (unreadable, over {@link MAX_BYTES}, binary, lines over {@link MAX_LINE}
 * characters) is reported as a finding, never skipped silently.
 */
export function checkSourceSecrets(files: readonly ProjectFile[]): Finding[] {
  const out: Finding[] = [];
  for (const f of files) {
    if (SKIP_FILES.test(f.rel)) continue;
    const read = readText(f);
    if ('finding' in read) {
      out.push(read.finding);
      continue;
    }
    const ini = INI_FILE.test(f.rel);
    let longLines = 0;
    let firstLong = 0;
    read.text.split('\n').forEach((line, i) => {
      if (line.length > MAX_LINE) {
        if (longLines++ === 0) firstLong = i + 1;
        return;
      }
      const hits = findKnownSecrets(line);
      if (hits.length === 0 && ini) hits.push(...iniHits(line));
      if (hits.length === 0) {
        for (const m of line.matchAll(ASSIGNMENT)) hits.push(...findSecretsInNamedValue(m[1], m[2]));
      }
      for (const h of hits) {
        out.push({
          id: 'source-secret',
          severity: 'high',
          title: `${h.label} in source (${h.masked})`,
          file: f.rel,
          line: i + 1,
          fix: 'Read it with @Secret(NAME) (environment, .env or OS keychain) instead, and rotate the exposed credential.',
        });
      }
    });
    if (longLines > 0) {
      const many = longLines === 1 ? '1 line' : `${longLines} lines`;
      out.push(notScanned(f, `${many} longer than ${MAX_LINE.toLocaleString('en')} characters`, firstLong));
    }
  }
  return out;
}
