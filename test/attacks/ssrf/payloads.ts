import type { EgressErrorCode } from '../../../src/security/egress';

/**
 * The SSRF corpus as data. `{INTERNAL}` is replaced by the port of a local server that stands for an
 * internal service: it must see 0 connections. `expect` is the refusal code SafeFetch must give, so a
 * payload refused for the wrong reason (e.g. a typo'd allowlist) fails instead of passing by accident.
 */
export interface UrlPayload {
  category: string;
  url: string;
  expect: EgressErrorCode;
  /** Extra check on the message, when the code alone does not prove the right rule fired. */
  message?: RegExp;
}

/** Fake DNS for the URL payloads: allowlisted names (`*.internal.example.test`) that resolve inward. */
export const INTERNAL_DNS: Record<string, string | string[]> = {
  'loopback.internal.example.test': '127.0.0.1',
  'loopback-other.internal.example.test': '127.8.9.10',
  'localhost6.internal.example.test': '::1',
  'ten.internal.example.test': '10.1.2.3',
  'rfc1918-172.internal.example.test': '172.16.5.4',
  'rfc1918-172-top.internal.example.test': '172.31.255.254',
  'rfc1918-192.internal.example.test': '192.168.1.1',
  'aws-meta.internal.example.test': '169.254.169.254',
  'aws-meta.internal.example.test.': '169.254.169.254',
  'ecs-meta.internal.example.test': '169.254.170.2',
  'alibaba-meta.internal.example.test': '100.100.100.200',
  'azure-wire.internal.example.test': '168.63.129.16',
  'aws-meta-v6.internal.example.test': 'fd00:ec2::254',
  'cgnat.internal.example.test': '100.64.0.1',
  'zero.internal.example.test': '0.0.0.0',
  'v6-unspecified.internal.example.test': '::',
  'mapped.internal.example.test': '::ffff:127.0.0.1',
  'mapped-meta.internal.example.test': '::ffff:169.254.169.254',
  'nat64-private.internal.example.test': '64:ff9b::10.0.0.1',
  'nat64-meta.internal.example.test': '64:ff9b::a9fe:a9fe',
  'sixtofour.internal.example.test': '2002:7f00:1::1',
  'teredo.internal.example.test': '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  'ula.internal.example.test': 'fd12:3456:789a::1',
  'linklocal6.internal.example.test': 'fe80::1',
  'sitelocal6.internal.example.test': 'fec0::1',
  'v4compat.internal.example.test': '::7f00:1',
  'multicast.internal.example.test': '224.0.0.1',
  'broadcast.internal.example.test': '255.255.255.255',
  'reserved.internal.example.test': '240.0.0.1',
  'benchmark.internal.example.test': '198.18.0.1',
  'oracle-meta.internal.example.test': '192.0.0.192',
  // Public answer first, internal second: refused as a whole (a later connection could use the second).
  'mixed.internal.example.test': ['93.184.216.34', '10.0.0.1'],
  'mixed-v6.internal.example.test': ['2606:2800:220:1:248:1893:25c8:1946', 'fd00:ec2::254'],
};

const dnsPayloads: UrlPayload[] = Object.keys(INTERNAL_DNS)
  .filter((host) => !host.endsWith('.'))
  .map((host) => ({ category: 'dns-internal', url: `http://${host}:{INTERNAL}/`, expect: 'address' }));

const p = (category: string, expect: EgressErrorCode, urls: string[], message?: RegExp): UrlPayload[] =>
  urls.map((url) => ({ category, url, expect, message }));

/** IP-literal hosts: SafeFetch gets them on its allowlist, so the address check (not the list) must stop them. */
export const URL_PAYLOADS: UrlPayload[] = [
  ...p('metadata', 'address', [
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token',
    'http://169.254.169.254/metadata/instance?api-version=2021-02-01',
    'http://169.254.169.254/opc/v2/instance/',
    'http://100.100.100.200/latest/meta-data/',
    'http://169.254.170.2/v2/credentials/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://168.63.129.16/machine?comp=goalstate',
    'http://192.0.0.192/',
    'http://0xa9fea9fe/',
    'http://2852039166/',
    'http://0251.0376.0251.0376/',
    'http://169.254.43518/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[64:ff9b::169.254.169.254]/',
  ]),
  ...p(
    'metadata-hostname',
    'host',
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://metadata.google.internal./computeMetadata/v1/',
      'http://METADATA.GOOGLE.INTERNAL/computeMetadata/v1/',
      'http://instance-data.ec2.internal/latest/meta-data/',
    ],
    /cloud metadata endpoint/,
  ),
  ...p('loopback-spelling', 'address', [
    'http://127.0.0.1:{INTERNAL}/',
    'http://127.1:{INTERNAL}/',
    'http://127.0.1:{INTERNAL}/',
    'http://2130706433:{INTERNAL}/',
    'http://0x7f000001:{INTERNAL}/',
    'http://017700000001:{INTERNAL}/',
    'http://0177.0.0.1:{INTERNAL}/',
    'http://0x7f.1:{INTERNAL}/',
    'http://0x7f.0x0.0x0.0x1:{INTERNAL}/',
    'http://127.000.000.001:{INTERNAL}/',
    'http://127.0.0.1.:{INTERNAL}/',
    'http://%31%32%37.0.0.1:{INTERNAL}/',
    'http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:{INTERNAL}/',
    'http://127.127.127.127:{INTERNAL}/',
    'http://[::1]:{INTERNAL}/',
    'http://[0:0:0:0:0:0:0:1]:{INTERNAL}/',
  ]),
  ...p('ipv6-embedded-v4', 'address', [
    'http://[::ffff:127.0.0.1]:{INTERNAL}/',
    'http://[::ffff:7f00:1]:{INTERNAL}/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]:{INTERNAL}/',
    'http://[::FFFF:7F00:0001]:{INTERNAL}/',
    'http://[::127.0.0.1]:{INTERNAL}/',
    'http://[::ffff:0:127.0.0.1]:{INTERNAL}/',
    'http://[64:ff9b::127.0.0.1]:{INTERNAL}/',
    'http://[64:ff9b::a00:1]/',
    'http://[64:ff9b:1::a00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  ]),
  ...p('private-range', 'address', [
    'http://10.0.0.1/',
    'http://10.255.255.255/',
    'http://012.0.0.1/',
    'http://167772161/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.0.1/',
    'http://0xc0a80001/',
    'http://192.168.1/',
    'http://100.64.0.1/',
    'http://100.127.255.254/',
    'http://[fc00::1]/',
    'http://[fd12:3456:789a::1]/',
    'http://[fe80::1]/',
    'http://[febf:ffff::1]/',
    'http://[fec0::1]/',
  ]),
  ...p('special-range', 'address', [
    'http://0.0.0.0:{INTERNAL}/',
    'http://0:{INTERNAL}/',
    'http://0.1.2.3/',
    'http://[::]:{INTERNAL}/',
    'http://224.0.0.1/',
    'http://239.255.255.250/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://198.18.0.1/',
    'http://192.0.2.1/',
    'http://[ff02::1]/',
    'http://[2001:db8::1]/',
    'http://[100::1]/',
  ]),
  ...dnsPayloads,
  ...p('dns-internal', 'address', [
    'http://aws-meta.internal.example.test./latest/meta-data/',
    'http://AWS-META.Internal.Example.Test/latest/meta-data/',
  ]),
  ...p('scheme', 'scheme', [
    'file:///etc/passwd',
    'file://api.example.test/etc/passwd',
    'gopher://127.0.0.1:6379/_FLUSHALL',
    'dict://127.0.0.1:11211/stats',
    'ftp://api.example.test/',
    'ldap://127.0.0.1/',
    'ws://api.example.test/',
    'wss://api.example.test/',
    'data:text/plain,hello',
    'javascript:alert(1)',
    'blob:https://api.example.test/uuid',
    'jar:http://api.example.test/x.jar!/',
    'netdoc:///etc/passwd',
  ]),
  ...p('url-parsing', 'address', [
    'http:/169.254.169.254/',
    'http:\\\\169.254.169.254\\latest\\meta-data',
    ' http://169.254.169.254/',
    'http://169.254.169.254\t/',
    'http://169.254.\n169.254/',
  ]),
  ...p('url-parsing', 'url', [
    '//169.254.169.254/',
    '/latest/meta-data/',
    'http://[::1/',
    'https://api.example.test%40evil.test/',
    'http://169.254.169.254:99999/',
  ]),
  ...p('userinfo', 'host', [
    'https://api.example.test@evil.test/',
    'https://api.example.test:443@evil.test/',
    'https://evil.test#@api.example.test/',
    'https://evil.test?@api.example.test/',
    'https://evil.test\\@api.example.test/',
    'https://evil.test\\\\@api.example.test/',
    'https://api.example.test.evil.test/',
    'https://evilapi.example.test/',
    'https://example.test/',
    'https://\u0430pi.example.test/',
    'https://api.example.test\u3002evil.test/',
  ]),
  ...p('userinfo', 'credentials', [
    'https://user:pass@api.example.test/',
    'https://user@api.example.test/',
    'http://api.example.test:{INTERNAL}@127.0.0.1:{INTERNAL}/',
  ]),
];

/** Redirect targets served by the allowlisted local API (`/redirect?to=...`); each must be refused. */
export interface RedirectPayload {
  category: string;
  status: 301 | 302 | 303 | 307 | 308;
  location: string;
  expect: EgressErrorCode;
}

const r = (expect: EgressErrorCode, locations: string[], status: RedirectPayload['status'] = 302) =>
  locations.map((location) => ({ category: 'redirect', status, location, expect }));

export const REDIRECT_PAYLOADS: RedirectPayload[] = [
  ...r('host', [
    'http://127.0.0.1:{INTERNAL}/',
    'http://localhost:{INTERNAL}/',
    'http://[::1]:{INTERNAL}/',
    'http://2130706433:{INTERNAL}/',
    'http://169.254.169.254/latest/meta-data/',
    '//169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'https://evil.test/',
    'http://api.example.test@evil.test/',
  ]),
  ...r('host', ['http://169.254.169.254/'], 301),
  ...r('host', ['http://169.254.169.254/'], 303),
  ...r('host', ['http://169.254.169.254/'], 307),
  ...r('host', ['http://169.254.169.254/'], 308),
  // Allowlisted names that resolve inward: only the per-hop address check can stop these.
  ...r('address', [
    'http://aws-meta.internal.example.test/latest/meta-data/',
    'http://ten.internal.example.test:{INTERNAL}/',
    'http://mapped.internal.example.test:{INTERNAL}/',
    'http://nat64-meta.internal.example.test/',
    'http://loopback-other.internal.example.test:{INTERNAL}/',
  ]),
  ...r('scheme', [
    'file:///etc/passwd',
    'gopher://127.0.0.1:6379/_FLUSHALL',
    'dict://127.0.0.1:11211/stats',
    'ftp://127.0.0.1/',
    'data:text/plain,x',
  ]),
  ...r('redirect', ['http://[::1']),
];
