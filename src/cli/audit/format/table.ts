import { escapeControls } from '../safe-text';

/**
 * Renders rows as a plain-text table with a header line; cells are cut to `maxWidth`. Control characters
 * in cells are escaped: a cell cannot add a row, move the cursor or hide text.
 */
export function renderTable(header: string[], rows: string[][], maxWidth = 72): string[] {
  const cut = (raw: string) => {
    const s = escapeControls(raw);
    return s.length > maxWidth ? atWord(s, maxWidth - 1) + '…' : s;
  };
  const all = [header, ...rows].map((r) => r.map(cut));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
}

/** `s` cut to at most `max` characters, at a word boundary when there is one in the second half. */
function atWord(s: string, max: number): string {
  const space = s.lastIndexOf(' ', max);
  return (space > max / 2 ? s.slice(0, space) : s.slice(0, max)).trimEnd();
}
