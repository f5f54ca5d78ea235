import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding protection: a web page can make a browser send requests to 127.0.0.1 under the attacker's
 * host name, so every request must name this server in `Host`, and a browser request (with `Origin`) must
 * come from an allowed origin. Returns the refusal message, or undefined when the request may proceed.
 */
export function createHostOriginCheck(options: {
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}): (req: IncomingMessage, options?: { hostOnly?: boolean }) => string | undefined {
  const hosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const origins = new Set(options.allowedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, '')));
  return (req, check) => {
    const host = req.headers.host?.toLowerCase();
    if (!host || !hosts.has(host)) return 'Forbidden: Host header not allowed';
    const origin = req.headers.origin;
    if (origin !== undefined && check?.hostOnly !== true && !origins.has(origin.toLowerCase()))
      return 'Forbidden: Origin not allowed';
    return undefined;
  };
}

/**
 * The `Host` values that name this server: the bound address, plus the loopback names when bound to loopback.
 */
export function boundHosts(host: string, port: number): string[] {
  const withPort = (h: string) => `${h.includes(':') ? `[${h}]` : h}:${port}`;
  const names = [host];
  if (isLoopback(host)) names.push('localhost', '127.0.0.1', '::1');
  return [...new Set(names.map(withPort))];
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The origins of this server itself (`http://` + each of {@link boundHosts}): a page served by the server,
 * or a client such as the Inspector opened at its own address, is not a cross-site caller.
 */
export function boundOrigins(host: string, port: number): string[] {
  return boundHosts(host, port).map((h) => `http://${h}`);
}
