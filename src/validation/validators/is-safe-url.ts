import { isIP } from 'node:net';
import { ValidateBy, buildMessage } from 'class-validator';
import { toClassValidator, type ValidationOptions } from './validation-options';

export const IS_SAFE_URL = 'isSafeUrl';

export interface IsSafeUrlOptions {
  /** Host names: exact (`api.example.com`) or `*.example.com` (any subdomain, not the apex). IPs only exact. */
  allow: readonly string[];
  /** Accept `http:` as well as `https:`. Default false. */
  allowHttp?: boolean;
  /** Longest accepted URL. Default 2048. */
  maxLength?: number;
}

interface CompiledAllow {
  exact: ReadonlySet<string>;
  suffixes: readonly string[];
}

// Whitespace and controls: the URL parser silently drops some of them, so the checked URL would differ
// from the string a careless consumer later uses.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f]/;

/**
 * Lexical URL check for DTO fields: scheme `https:` (or `http:` if allowed), no userinfo, host on the
 * allow list after WHATWG normalization (so `0x7f.1`, `2130706433` and IDN forms are compared as the
 * parser sees them), no IP host unless listed exactly. SafeFetch still checks DNS answers at connect time.
 */
export function isSafeUrl(value: unknown, options: IsSafeUrlOptions): boolean {
  return checkUrl(value, options, compileAllow(options.allow));
}

function checkUrl(value: unknown, options: IsSafeUrlOptions, allow: CompiledAllow): boolean {
  if (typeof value !== 'string' || value.length > (options.maxLength ?? 2048) || UNSAFE_CHARS.test(value)) {
    return false;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowHttp)) return false;
  if (url.username !== '' || url.password !== '') return false;
  const host = normalizeHost(url.hostname);
  if (host === '') return false;
  if (allow.exact.has(host)) return true;
  if (isIpHost(host)) return false;
  return allow.suffixes.some((suffix) => host.endsWith(suffix));
}

/** Normalizes allow entries once, the way the URL parser normalizes hosts. */
function compileAllow(allow: readonly string[]): CompiledAllow {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of allow) {
    const wildcard = entry.startsWith('*.');
    const host = parseHost(wildcard ? entry.slice(2) : entry);
    if (host === undefined || (wildcard && isIpHost(host))) {
      throw new TypeError('IsSafeUrl: allow entries must be host names, *.domain wildcards or IP addresses');
    }
    if (wildcard) suffixes.push(`.${host}`);
    else exact.add(host);
  }
  return { exact, suffixes };
}

function parseHost(entry: string): string | undefined {
  try {
    const bracketed = isIP(entry) === 6 ? `[${entry}]` : entry;
    const host = normalizeHost(new URL(`https://${bracketed}/`).hostname);
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

function isIpHost(host: string): boolean {
  return host.startsWith('[') || isIP(host) !== 0;
}

/** DTO field decorator for {@link isSafeUrl}. The allow list is compiled once; messages never echo the value. */
export function IsSafeUrl(options: IsSafeUrlOptions, validation?: ValidationOptions): PropertyDecorator {
  const validationOptions = toClassValidator(validation);
  const allow = compileAllow(options.allow);
  const schemes = options.allowHttp ? 'https or http' : 'https';
  return ValidateBy(
    {
      name: IS_SAFE_URL,
      constraints: [options],
      validator: {
        validate: (value): boolean => checkUrl(value, options, allow),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be an ${schemes} URL to an allowed host ` +
            '(no credentials, no IP address unless allowed, no whitespace or control characters)',
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
