import type { Finding } from '../finding';
import { clientKindOf } from './client-kind';
import { perClientSecretFix, placeholderFindings } from './check-placeholders';
import { scriptPathFinding } from './check-script-path';
import type { ClientConfig } from './parse';
import { ConfigTextIndex } from './text-index';

/**
 * The checks that depend on which client reads the config: placeholders it will not expand, the way it
 * passes a secret (in the fix of a hard-coded one), and scripts that its server entries run but that are gone.
 */
export function withClientChecks(
  cfg: ClientConfig,
  findings: Finding[],
  display: (file: string) => string,
): Finding[] {
  const kind = clientKindOf(cfg.location);
  const file = display(cfg.location.file);
  let index: ConfigTextIndex | undefined; // built on the first finding: most configs have none
  let cursor = 0;
  const extra = cfg.servers.flatMap((s) => {
    const found = [
      ...placeholderFindings(kind, s, file, undefined),
      ...scriptPathFinding(s, file, undefined),
    ];
    if (found.length === 0) return found;
    // Keys are looked for forwards only, so many servers with findings stay linear in the file.
    index ??= new ConfigTextIndex(cfg.text);
    const at = index.keyOffset(s.name, cursor);
    if (at !== undefined) cursor = at;
    const line = at === undefined ? undefined : index.lineAt(at);
    return found.map((f) => ({ ...f, line }));
  });
  return [...findings.map((f) => perClientSecretFix(kind, f)), ...extra];
}
