import type { Finding } from '../finding';
import { clientKindOf } from './client-kind';
import { perClientSecretFix, placeholderFindings } from './check-placeholders';
import { scriptPathFinding } from './check-script-path';
import type { ClientConfig } from './parse';

function lineOfKey(text: string, name: string): number | undefined {
  const at = text.indexOf(JSON.stringify(name));
  return at === -1 ? undefined : text.slice(0, at).split('\n').length;
}

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
  const extra = cfg.servers.flatMap((s) => {
    const line = lineOfKey(cfg.text, s.name);
    return [...placeholderFindings(kind, s, file, line), ...scriptPathFinding(s, file, line)];
  });
  return [...findings.map((f) => perClientSecretFix(kind, f)), ...extra];
}
