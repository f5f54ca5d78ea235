import type { ServerResponse } from 'node:http';

/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Every request presents its token, but an SSE stream (a GET stream, or a POST answered as a stream) stays
 * open after that check: it is cut when the token that opened it expires, so a client must come back with a
 * valid token. Responses that finish first cancel the timer.
 */
export function closeAtExpiry(res: ServerResponse, expiresAtMs: number): void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const delay = expiresAtMs - Date.now();
    if (delay <= 0) {
      res.destroy(); // ends the socket: node:http has no other way to stop a streaming response
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_DELAY_MS));
    timer.unref();
  };
  arm();
  res.once('close', () => clearTimeout(timer));
}
