import { SEVERITY_RANK, type Finding, type Severity } from '../finding';
import { renderTable } from './table';

/** The human-readable report: a table, then the fixes, then a summary line. */
export function formatText(findings: readonly Finding[], scanned: string[]): string[] {
  const lines: string[] = [];
  if (findings.length === 0) {
    lines.push('No findings.');
  } else {
    const rows = findings.map((f, i) => [
      String(i + 1),
      f.severity.toUpperCase(),
      f.id,
      f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '-',
      f.title,
    ]);
    lines.push(...renderTable(['#', 'SEVERITY', 'ID', 'WHERE', 'FINDING'], rows, 90));
    lines.push('', 'Fixes:');
    findings.forEach((f, i) => lines.push(`  ${i + 1}. ${f.fix}`));
  }
  const counts = (Object.keys(SEVERITY_RANK) as Severity[])
    .reverse()
    .map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`)
    .join(', ');
  lines.push('', `${findings.length} findings (${counts}).`, ...scanned.map((s) => `Scanned: ${s}`));
  return lines;
}
