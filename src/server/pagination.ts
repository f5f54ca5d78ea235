import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { StartupError } from '../errors';

/** Default number of entries per page of `tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`. */
export const DEFAULT_LIST_PAGE_SIZE = 1000;

/** A cursor that this server did not issue for this list and caller (forged, altered, from another server). */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
}

/** One page of a listing and the cursor of the next one (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

const MAX_CURSOR = 256;

/**
 * Cursor pagination of the listings. A cursor is opaque to the client: the offset of the next page, bound to
 * the list and the caller (`<offset>.<list>.<mac>`, base64url), signed with an HMAC key made at start-up. A
 * cursor that was altered, forged, made for another list or caller, or by another server process, is refused
 * (`InvalidCursor`); an offset past the end (the list shrank) is an empty last page. Replicas sharing a
 * session store share the key ({@link useKey}), so a client may page across them.
 */
export class Pager {
  private key: Buffer;

  constructor(
    readonly pageSize: number = DEFAULT_LIST_PAGE_SIZE,
    key: Buffer = randomBytes(32),
  ) {
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new StartupError(`limits.listPageSize must be a positive integer, got ${String(pageSize)}`);
    }
    this.key = key;
  }

  /**
   * Signs and checks cursors with `key` from now on (the key shared by the replicas of a deployment).
   * Cursors signed with the previous key are refused like any other cursor this server did not issue.
   */
  useKey(key: Buffer): void {
    this.key = key;
  }

  /** The page of `items` that `cursor` names (the first without one). */
  page<T>(items: readonly T[], cursor: unknown, list: string, principal: string): Page<T> {
    const start = cursor === undefined ? 0 : this.offsetOf(cursor, list, principal);
    const end = start + this.pageSize;
    const page: Page<T> = { items: items.slice(start, end) };
    if (end < items.length) page.nextCursor = this.cursorFor(end, list, principal);
    return page;
  }

  private cursorFor(offset: number, list: string, principal: string): string {
    const body = `${offset}.${list}`;
    return Buffer.from(`${body}.${this.mac(body, principal)}`).toString('base64url');
  }

  private offsetOf(cursor: unknown, list: string, principal: string): number {
    if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR) {
      throw new InvalidCursor('the cursor is not one this server issued');
    }
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const parts = text.split('.');
    if (parts.length !== 3 || !/^(0|[1-9]\d{0,8})$/.test(parts[0])) {
      throw new InvalidCursor('the cursor is not one this server issued');
    }
    const [offset, forList, mac] = parts;
    const expected = Buffer.from(this.mac(`${offset}.${forList}`, principal));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidCursor(
        'the cursor is not one this server issued (or it was issued to another caller)',
      );
    }
    if (forList !== list) throw new InvalidCursor(`the cursor belongs to another list, not ${list}`);
    return Number(offset);
  }

  private mac(body: string, principal: string): string {
    return createHmac('sha256', this.key).update(`${body}\n${principal}`).digest('base64url');
  }
}
