const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0:0:0:0:0:0:0:1']);

export interface UrlPosture {
  local: boolean;
  secure: boolean;
  host: string;
}

/** Where a server URL points; `undefined` when it is not a URL. */
export function urlPosture(raw: string): UrlPosture | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase();
  const local = LOCAL_HOSTS.has(host) || /^127\./.test(host) || host.endsWith('.localhost');
  return { local, secure: u.protocol === 'https:' || u.protocol === 'wss:', host };
}
