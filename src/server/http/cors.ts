import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Mcp-Session-Id',
  'Mcp-Protocol-Version',
  'Last-Event-ID',
].join(', ');
const EXPOSE_HEADERS = ['Mcp-Session-Id', 'Mcp-Protocol-Version', 'WWW-Authenticate'].join(', ');

/**
 * CORS for the origins the Origin check accepts (and only those: a refused origin gets no CORS headers, so
 * a browser cannot read the 403 either). Runs after the Host/Origin check, so `origin` here is allowed.
 */
export const cors = {
  /** Headers on an actual response, so a browser client can read the session id and auth challenges. */
  decorate(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    res.setHeader('Vary', 'Origin');
  },

  /** Answers a preflight `OPTIONS` (no token: browsers send none with it). */
  preflight(req: IncomingMessage, res: ServerResponse): void {
    const headers: Record<string, string> = { Allow: ALLOW_METHODS, Vary: 'Origin' };
    if (req.headers.origin !== undefined) {
      Object.assign(headers, {
        'Access-Control-Allow-Origin': req.headers.origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Expose-Headers': EXPOSE_HEADERS,
        'Access-Control-Max-Age': '600',
      });
    }
    res.writeHead(204, headers).end();
  },
};
