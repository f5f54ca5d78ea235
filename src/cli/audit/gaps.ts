import type { Finding } from './finding';

/** At most this many parts left unscanned are listed one by one; the rest are counted. */
const LISTED = 20;

/** Where a scan step reports a part it did not read. */
export interface GapSink {
  add(what: string, file?: string): void;
}

/**
 * What the audit could not read or stopped reading (a cap, an unreadable file or folder). A scan with gaps
 * is never reported clean: each gap becomes a high `scan-incomplete` finding, so the default `--fail-on`
 * exits non-zero.
 */
export class ScanGaps implements GapSink {
  private readonly items: { what: string; file?: string }[] = [];

  add(what: string, file?: string): void {
    this.items.push({ what, file });
  }

  get size(): number {
    return this.items.length;
  }

  findings(): Finding[] {
    const out: Finding[] = this.items.slice(0, LISTED).map((g) => ({
      id: 'scan-incomplete',
      severity: 'high',
      title: `Scan incomplete: ${g.what}`,
      file: g.file,
      fix: 'The audit cannot vouch for what it did not read: remove or repair what stopped it, raise the limit, or review that part by hand.',
    }));
    if (this.items.length > LISTED) {
      out.push({
        id: 'scan-incomplete',
        severity: 'high',
        title: `Scan incomplete: ${this.items.length - LISTED} more parts were not scanned`,
        fix: 'Run with --json to list the findings above; repair what stopped the scan and run it again.',
      });
    }
    return out;
  }
}
