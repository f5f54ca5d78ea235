import fc from 'fast-check';
import { EgressError, SafeFetch, refusedCategory } from '../../../src/security/egress';
import { fakeDns, guardConnections, rejection, type ConnectionLog } from './harness';

/**
 * "Any address in a forbidden range is refused, whatever its spelling": random addresses from every
 * forbidden range, written in every spelling a URL accepts (decimal, octal, hex, short forms, percent-
 * encoded, fullwidth, IPv4-mapped/NAT64 IPv6, expanded IPv6...). `ATTACK_RUNS` sets the run count.
 */
const RUNS = Number(process.env.ATTACK_RUNS) || 0;
const runs = (fallback: number) => ({ numRuns: RUNS || fallback });

const FORBIDDEN_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['168.63.129.16', 32],
];

const FORBIDDEN_V6: [string, number][] = [
  ['::1', 128],
  ['::', 128],
  ['::', 96], // IPv4-compatible
  ['fe80::', 10],
  ['fc00::', 7],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2002::', 16],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['100::', 64],
  ['64:ff9b:1::', 48],
  ['3fff::', 20],
  ['fd00:ec2::254', 128],
];

const toInt = (dotted: string) => dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const octets = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const inRange = (n: number, [base, prefix]: [string, number]) =>
  prefix === 0 || n >>> (32 - prefix) === toInt(base) >>> (32 - prefix);

const forbiddenV4 = fc
  .constantFrom(...FORBIDDEN_V4)
  .chain(([base, prefix]) =>
    fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => (toInt(base) + offset) >>> 0),
  );

const publicV4 = fc
  .integer({ min: 0, max: 2 ** 32 - 1 })
  .filter((n) => !FORBIDDEN_V4.some((range) => inRange(n, range)) && !inRange(n, ['192.88.99.0', 24]))
  .filter((n) => !inRange(n, ['192.175.48.0', 24]) && !inRange(n, ['192.31.196.0', 24]))
  .filter((n) => !inRange(n, ['192.52.193.0', 24]) && !inRange(n, ['169.254.0.0', 16]));

const radix = fc.constantFrom(8, 10, 16);
const num = (value: number, base: number) =>
  base === 8 ? `0${value.toString(8)}` : base === 16 ? `0x${value.toString(16)}` : String(value);
const fullwidth = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const percent = (text: string) => text.replace(/[0-9]/g, (d) => `%3${d}`);
const dotted = (n: number) => octets(n).join('.');

/** Every way to write IPv4 address `n` as a URL host. */
const v4Spelling = (n: number): fc.Arbitrary<string> => {
  const [a, b, c, d] = octets(n);
  return fc.oneof(
    fc.constant(dotted(n)),
    radix.map((r) => num(n, r)),
    fc.tuple(radix, radix, radix, radix).map((rs) => [a, b, c, d].map((v, i) => num(v, rs[i])).join('.')),
    fc
      .tuple(radix, radix, radix)
      .map(([r1, r2, r3]) => `${num(a, r1)}.${num(b, r2)}.${num(c * 256 + d, r3)}`),
    fc.tuple(radix, radix).map(([r1, r2]) => `${num(a, r1)}.${num(n & 0xffffff, r2)}`),
    fc.constant(`${dotted(n)}.`),
    fc.constant(percent(dotted(n))),
    fc.constant(fullwidth(dotted(n))),
    fc.constant(`[::ffff:${dotted(n)}]`),
    fc.constant(`[0:0:0:0:0:FFFF:${dotted(n)}]`),
    fc.constant(`[::ffff:${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}]`),
    fc.constant(`[::ffff:0:${dotted(n)}]`),
    fc.constant(`[64:ff9b::${dotted(n)}]`),
    fc.constant(`[::${dotted(n)}]`),
  );
};

const forbiddenV6 = fc.constantFrom(...FORBIDDEN_V6).chain(([base, prefix]) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((random) => {
    const baseWords = expandV6(base);
    return random.map((word, i) => {
      const fixedBits = Math.min(16, Math.max(0, prefix - i * 16));
      const mask = fixedBits === 0 ? 0 : (0xffff << (16 - fixedBits)) & 0xffff;
      return (baseWords[i] & mask) | (word & ~mask & 0xffff);
    });
  }),
);

/** Every way to write an IPv6 address as a URL host. */
const v6Spelling = (words: number[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(`[${words.map((w) => w.toString(16)).join(':')}]`),
    fc.constant(`[${words.map((w) => w.toString(16).padStart(4, '0')).join(':')}]`),
    fc.constant(`[${words.map((w) => w.toString(16).toUpperCase()).join(':')}]`),
    fc.constant(`[${compress(words)}]`),
  );

describe('property: forbidden addresses are refused in any spelling', () => {
  const strictPolicy = { denyPrivate: true, allowLoopback: false };
  const testPolicy = { denyPrivate: true, allowLoopback: true };

  it('IPv4 ranges, every URL spelling, as parsed by WHATWG URL', () => {
    fc.assert(
      fc.property(
        forbiddenV4.chain((n) => v4Spelling(n).map((spelling) => ({ n, spelling }))),
        ({ spelling }) => {
          const host = new URL(`http://${spelling}/`).hostname;
          expect(refusedCategory(host, strictPolicy)).toBeDefined();
          // The test-only loophole opens exactly 127.0.0.1 and ::1, nothing else.
          if (host !== '127.0.0.1' && host !== '[::1]')
            expect(refusedCategory(host, testPolicy)).toBeDefined();
        },
      ),
      runs(500),
    );
  });

  it('IPv6 ranges, every URL spelling', () => {
    fc.assert(
      fc.property(forbiddenV6.chain(v6Spelling), (spelling) => {
        const host = new URL(`http://${spelling}/`).hostname;
        expect(refusedCategory(host, strictPolicy)).toBeDefined();
        if (host !== '[::1]') expect(refusedCategory(host, testPolicy)).toBeDefined();
      }),
      runs(500),
    );
  });

  it('control: public IPv4 addresses are allowed (so the properties above are not vacuous)', () => {
    fc.assert(
      fc.property(publicV4, (n) => {
        expect(refusedCategory(dotted(n), strictPolicy)).toBeUndefined();
        expect(refusedCategory(`::ffff:${dotted(n)}`, strictPolicy)).toBeUndefined();
        expect(refusedCategory(`64:ff9b::${dotted(n)}`, strictPolicy)).toBeUndefined();
      }),
      runs(500),
    );
  });
});

describe('control: public IPv6', () => {
  it('global unicast outside the special blocks is allowed', () => {
    // 2400::/6 and 2800::/5 hold the regional registries' allocations and no special-purpose block.
    const publicV6 = fc
      .tuple(
        fc.integer({ min: 0x2400, max: 0x2fff }),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }),
      )
      .map(([first, rest]) => compress([first, ...rest]));
    fc.assert(
      fc.property(publicV6, (address) => {
        expect(refusedCategory(address, { denyPrivate: true, allowLoopback: false })).toBeUndefined();
      }),
      runs(500),
    );
  });
});

describe('property: SafeFetch makes no connection to a forbidden address', () => {
  let log: ConnectionLog;
  beforeAll(() => (log = guardConnections()));
  afterAll(() => log.restore());

  const anyForbidden = fc.oneof(forbiddenV4.chain(v4Spelling), forbiddenV6.chain(v6Spelling));

  it('as a URL host on the allowlist', async () => {
    await fc.assert(
      fc.asyncProperty(anyForbidden, async (spelling) => {
        const url = new URL(`http://${spelling}:8443/`);
        const safe = new SafeFetch({ allow: [url.hostname], allowHttp: true, lookup: async () => [] });
        const error = await rejection(safe.fetch(url));
        await safe.close();
        expect(error).toBeInstanceOf(EgressError);
        expect(error.code).toBe('address');
      }),
      runs(100),
    );
    expect(log.attempts).toEqual([]);
  });

  it('as a DNS answer for an allowlisted name', async () => {
    const canonical = fc.oneof(
      forbiddenV4.map(dotted),
      forbiddenV4.map((n) => `::ffff:${dotted(n)}`),
      forbiddenV6.map(compress),
    );
    await fc.assert(
      fc.asyncProperty(canonical, async (address) => {
        const dns = fakeDns({ 'api.example.test': address });
        const safe = new SafeFetch({ allow: ['api.example.test'], lookup: dns.lookup });
        const error = await rejection(safe.fetch('https://api.example.test/'));
        await safe.close();
        expect(error.code).toBe('address');
        expect(error.message).not.toContain(address);
      }),
      runs(100),
    );
    expect(log.attempts).toEqual([]);
  });
});

function expandV6(text: string): number[] {
  const [head, tail = ''] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = text.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array(zeros).fill('0'), ...right].map((h) => parseInt(h, 16));
}

/** Writes the longest run of zero words as '::' (not necessarily canonical: that is the point). */
function compress(words: number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
