import type { Agent, fetch as undiciFetchType, RequestInit as UndiciRequestInit } from 'undici';

// undici is loaded when the first SafeFetch is built: a server without `network` never pays its import time.
const undici = () => require('undici') as typeof import('undici');
import { StartupError } from '../../errors';
import { Deadline } from './deadline';
import { EgressError, egressErrors } from './egress-errors';
import { HostAllowlist } from './host-allowlist';
import { limitedBody } from './limited-body';
import { resolveNetworkOptions, type NetworkOptions, type ResolvedNetworkOptions } from './network-options';
import { pinnedConnector } from './pinned-connector';
import { isRedirect, nextHop, type Hop } from './redirects';
import { normalizeRequest } from './request-input';
import type { CallAbort, SignalAware } from '../signal-aware';

/** Names that only ever lead to a metadata service; refused even if a wildcard would allow them. */
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Statuses whose response has no body (Fetch "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** What a SafeFetch and every instance narrowed from it share: options and one connection pool. */
interface Core {
  options: ResolvedNetworkOptions;
  agent: Agent;
}

/**
 * `fetch` with an egress guard: https (and http if allowed) to allowlisted hosts only, every resolved
 * address checked and then used for the connection, every redirect hop re-checked, response size and
 * total time capped. Same signature and `Response` as the global `fetch`.
 */
export class SafeFetch implements SignalAware {
  private core!: Core;
  private allowlist!: HostAllowlist;
  /** Set on instances made by `narrow`, so refusals can point at the tool's @Egress list too. */
  private narrowed = false;
  /** Set on views bound to a call: every request also ends when the call's signal aborts. */
  private call?: { readonly signal: AbortSignal };

  constructor(options: NetworkOptions) {
    const resolved = resolveNetworkOptions(options);
    const policy = { denyPrivate: resolved.denyPrivate, allowLoopback: resolved.allowLoopback };
    this.core = {
      options: resolved,
      agent: new (undici().Agent)({ connect: pinnedConnector(resolved.lookup, policy) }),
    };
    this.allowlist = new HostAllowlist(resolved.allow);
  }

  /** The hosts this instance may reach, as configured. */
  get allowedHosts(): readonly string[] {
    return this.allowlist.patterns;
  }

  /**
   * A SafeFetch limited to `hosts` (a tool's `@Egress` list). Every host must already be allowed by this
   * instance; otherwise the tool asks for more than the server grants, which stops start-up.
   */
  narrow(hosts: string[]): SafeFetch {
    const outside = hosts.filter((host) => !this.allowlist.covers(host));
    if (outside.length > 0) {
      throw new StartupError(
        `@Egress host(s) ${outside.map((h) => `'${h}'`).join(', ')} not in network.allow; ` +
          `add them to the server's network.allow or remove them from the tool`,
      );
    }
    const narrowed = Object.create(SafeFetch.prototype) as SafeFetch;
    narrowed.core = this.core;
    narrowed.allowlist = new HostAllowlist(hosts);
    narrowed.narrowed = true;
    return narrowed;
  }

  /**
   * A view whose requests also end when `signal` aborts, whatever `init.signal` says. Tools receive the view
   * bound to their call's `ctx.signal`, so a request does not outlive its call (timeout, cancellation).
   */
  withSignal(signal: AbortSignal): this {
    // Defined, not assigned: the view of a (frozen) view would otherwise hit its read-only field.
    return this.forCall({ signal, throwIfAborted: () => signal.throwIfAborted() });
  }

  /** The view bound to a call (see {@link withSignal}); reads the call's signal only when a request is made. */
  forCall(call: CallAbort): this {
    return Object.freeze(Object.create(this, { call: { value: call } }) as this);
  }

  /**
   * Closes the connection pool (server shutdown). Only the instance built from the server options owns
   * it: on a narrowed instance this does nothing, so one tool cannot cut off the others.
   */
  async close(): Promise<void> {
    if (!this.narrowed) await this.core.agent.close();
  }

  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = await normalizeRequest(input, init);
    const own = request.signal;
    const callSignal = this.call?.signal;
    const callerSignal = !callSignal ? own : own ? AbortSignal.any([own, callSignal]) : callSignal;
    const deadline = new Deadline(this.core.options.timeoutMs, callerSignal);
    let hop = request.first;
    try {
      for (let redirects = 0; ; redirects++) {
        this.checkUrl(hop.url);
        const response = await this.send(hop, deadline);
        const location = response.headers.get('location');
        if (!isRedirect(response.status) || location === null || request.redirect === 'manual') {
          return this.wrap(response, hop.url, redirects > 0, deadline);
        }
        await response.body?.cancel().catch(() => undefined);
        if (request.redirect === 'error') throw egressErrors.redirectNotWanted(hop.url.hostname);
        if (redirects >= this.core.options.maxRedirects) {
          throw egressErrors.tooManyRedirects(this.core.options.maxRedirects);
        }
        let target: URL;
        try {
          target = new URL(location, hop.url);
        } catch {
          throw egressErrors.badRedirect(hop.url.hostname);
        }
        const next = nextHop(hop, response.status, target);
        if (next.body instanceof ReadableStream) throw egressErrors.redirectBody(hop.url.hostname);
        hop = next;
      }
    } catch (error) {
      deadline.dispose();
      throw this.mapError(error, hop.url.hostname, deadline);
    }
  }

  /** Scheme, credentials and host name checks; the address check happens in the connector. */
  private checkUrl(url: URL): void {
    const { allowHttp } = this.core.options;
    if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
      throw egressErrors.scheme(url.protocol, allowHttp);
    }
    const host = url.hostname;
    const bare = host.endsWith('.') ? host.slice(0, -1) : host;
    if (METADATA_HOSTS.has(bare)) throw egressErrors.metadataHost(bare);
    // Host before credentials: for 'https://api.example.test@evil.test/' the useful message names evil.test.
    if (!this.allowlist.allows(host)) throw egressErrors.host(host, this.narrowed);
    if (url.username !== '' || url.password !== '') throw egressErrors.credentials(host);
  }

  private async send(hop: Hop, deadline: Deadline) {
    const init: UndiciRequestInit = {
      method: hop.method,
      headers: [...hop.headers],
      body: hop.body as UndiciRequestInit['body'],
      redirect: 'manual',
      signal: deadline.signal,
      dispatcher: this.core.agent,
      // Undici needs this to send a stream body; it is ignored for other bodies.
      ...(hop.body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
    };
    return undici().fetch(hop.url.href, init);
  }

  /** Re-issues the undici response as a global `Response` whose body enforces the size and time caps. */
  private wrap(
    response: Awaited<ReturnType<typeof undiciFetchType>>,
    url: URL,
    redirected: boolean,
    deadline: Deadline,
  ): Response {
    const { maxBytes } = this.core.options;
    const host = url.hostname;
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      deadline.controller.abort();
      deadline.dispose();
      throw egressErrors.tooLarge(host, maxBytes);
    }
    let body: ReadableStream<Uint8Array> | null = null;
    if (response.body && !NULL_BODY_STATUSES.has(response.status)) {
      body = limitedBody(response.body as ReadableStream<Uint8Array>, {
        maxBytes,
        tooLarge: () => egressErrors.tooLarge(host, maxBytes),
        mapError: (error) => this.mapError(error, host, deadline),
        abort: () => deadline.controller.abort(),
        settle: () => deadline.dispose(),
      });
    } else {
      deadline.dispose();
    }
    const result = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
    });
    // `url` and `redirected` are read-only getters on Response; shadow them so callers see the truth.
    Object.defineProperty(result, 'url', { value: url.href });
    Object.defineProperty(result, 'redirected', { value: redirected });
    return result;
  }

  /** Every failure leaves as an EgressError with a clear message, except a caller's own abort. */
  private mapError(error: unknown, host: string, deadline: Deadline): unknown {
    if (error instanceof EgressError) return error;
    const cause = (error as { cause?: unknown } | undefined)?.cause;
    if (cause instanceof EgressError) return cause;
    if (deadline.reason === 'timeout') return egressErrors.timeout(host, this.core.options.timeoutMs);
    if (deadline.reason === 'caller') return deadline.callerReason;
    const code = (cause as { code?: unknown } | undefined)?.code;
    return egressErrors.network(host, typeof code === 'string' ? code : undefined, error);
  }
}
