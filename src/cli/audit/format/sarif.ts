import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../finding';
import { RULES } from '../rules';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/secure-mcp';

const LEVEL: Record<Severity, Result.level> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
// GitHub code scanning ranks alerts by this property (0.0–10.0).
const SCORE: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '3.0', info: '0.0' };

/** Project files as relative URIs (what code scanning maps to the repository); other files as file:// URIs. */
function uri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, every rule described, results with a level,
 * a message and (when the finding has a file) a physical location. Findings without a file are placed
 * on `secure-mcp.config.json` so that code scanning does not drop them.
 */
export function formatSarif(findings: readonly Finding[], version: string): Log {
  const rules: ReportingDescriptor[] = RULES.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { 'security-severity': SCORE[r.severity], tags: ['security', 'mcp'] },
  }));
  const results: Result[] = findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: RULES.findIndex((r) => r.id === f.id),
    level: LEVEL[f.severity],
    message: { text: `${f.title}. Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uri(f.file ?? 'secure-mcp.config.json') },
          region: { startLine: f.line ?? 1 },
        },
      },
    ],
    properties: { severity: f.severity },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secure-mcp',
            version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        results,
      },
    ],
  };
}
