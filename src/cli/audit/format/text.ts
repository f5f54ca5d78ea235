import { SEVERITY_RANK, type Finding, type Severity } from '../finding';
import { escapeControls } from '../safe-text';
import { renderTable } from './table';

/**
 * The human-readable report: a table, then the fixes, then a summary line. Names in findings come from
 * audited files, so every field is shown with control characters escaped: an ESC sequence cannot hide or
 * recolour output, and a CR or newline cannot forge a row or a "0 findings" line.
 */
export function formatText(findings: readonly Finding[], scanned: string[]): string[] {
  const lines: string[] = [];
  if (findings.length === 0) {
    lines.push('No findings.');
  } else {
    const rows = findings.map((f, i) => [
      String(i + 1),
      f.severity.toUpperCase(),
      f.id,
      f.file ? `${escapeControls(f.file)}${f.line ? `:${f.line}` : ''}` : '-',
      escapeControls(f.title),
    ]);
    lines.push(...renderTable(['#', 'SEVERITY', 'ID', 'WHERE', 'FINDING'], rows, 90));
    lines.push('', 'Fixes:');
    lines.push(...groupedFixes(findings));
  }
  const counts = (Object.keys(SEVERITY_RANK) as Severity[])
    .reverse()
    .map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`)
    .join(', ');
  lines.push(
    '',
    `${findings.length} findings (${counts}).`,
    ...scanned.map((s) => `Scanned: ${escapeControls(s)}`),
  );
  return lines;
}

/** One line per distinct fix, naming every finding it applies to ("3, 4, 7. ..."), so advice is not repeated. */
function groupedFixes(findings: readonly Finding[]): string[] {
  const byFix = new Map<string, number[]>();
  findings.forEach((f, i) => byFix.set(f.fix, [...(byFix.get(f.fix) ?? []), i + 1]));
  return [...byFix].map(([fix, numbers]) => `  ${numbers.join(', ')}. ${escapeControls(fix)}`);
}
