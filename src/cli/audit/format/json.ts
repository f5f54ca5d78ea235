import type { Finding } from '../finding';

export interface JsonReport {
  version: 1;
  findings: Finding[];
  summary: Record<'high' | 'medium' | 'low' | 'info', number>;
  scanned: string[];
}

export function formatJson(findings: readonly Finding[], scanned: string[]): JsonReport {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    version: 1,
    findings: [...findings],
    summary: { high: count('high'), medium: count('medium'), low: count('low'), info: count('info') },
    scanned,
  };
}
