import { readFileSync, statSync } from 'node:fs';
import { findKnownSecrets, findSecretsInNamedValue } from '../../detect';
import type { Finding } from '../finding';
import type { ProjectFile } from './walk';

export const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json|ya?ml|toml|ini|sh|py|properties|conf)$/;
const ASSIGNMENT = /([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["'`]([^"'`\n]{8,})["'`]/g;
// Lock files hold hashes, not secrets; the project's MCP client configs are checked (once) as client configs.
const SKIP_FILES =
  /(?:^|\/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|npm-shrinkwrap\.json)$|^(?:\.mcp\.json|\.cursor\/mcp\.json|\.vscode\/mcp\.json)$/;
const MAX_BYTES = 1_000_000;

/** Secret-looking strings in project files: known key formats, and random literals assigned to secret-sounding names. */
export function checkSourceSecrets(files: readonly ProjectFile[]): Finding[] {
  const out: Finding[] = [];
  for (const f of files) {
    if (SKIP_FILES.test(f.rel) || statSync(f.abs).size > MAX_BYTES) continue;
    const text = readFileSync(f.abs, 'utf8');
    if (text.includes('\u0000')) continue;
    text.split('\n').forEach((line, i) => {
      if (line.length > 2000) return;
      const hits = findKnownSecrets(line);
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
  }
  return out;
}
