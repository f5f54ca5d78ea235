export type Severity = 'info' | 'low' | 'medium' | 'high';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

/** One audit result. `file` is relative to the project when inside it, else absolute. Never holds a secret. */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  file?: string;
  line?: number;
  fix: string;
}

export function atOrAbove(f: Finding, threshold: Severity): boolean {
  return SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold];
}

/** Most severe first, then by file, line and id, so output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.id.localeCompare(b.id) ||
      a.title.localeCompare(b.title),
  );
}
