import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AuditLog, canonicalJSON, verifyAuditLog } from '../../../src/audit';
import { canonicalRecord, type RecordBody } from '../../../src/audit/canonical-record';
import { hashCanonical } from '../../../src/audit/hash-chain';
import { useTempDir } from './helpers';

const tmp = useTempDir();

// Every field, typed: a field added to AuditRecord fails to compile here until it is added, and the
// comparison below fails until canonicalRecord knows it.
const full: Required<RecordBody> = {
  auditId: 'a',
  time: '2026-01-02T03:04:05.678Z',
  server: 's',
  tool: 't',
  kind: 'resource',
  action: 'list',
  uri: 'x://y',
  principal: 'p',
  sessionId: 'si',
  requestId: 'r',
  outcome: 'success',
  request: 'roots/list',
  parentAuditId: 'pa',
  reason: 'why',
  durationMs: 1.5,
  args: { b: [1, { d: 2, c: null }], a: 'x' },
  seq: 3,
  prevHash: '0'.repeat(64),
};

describe("canonicalRecord (the writer's serialiser for the known record shape)", () => {
  it('gives canonicalJSON of a record with every field', () => {
    expect(canonicalRecord(full)).toBe(canonicalJSON(full));
  });

  it('gives canonicalJSON of any record: optional fields absent or present, any strings and args', () => {
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          auditId: text,
          time: text,
          server: text,
          tool: text,
          kind: optional(fc.constantFrom('resource' as const, 'prompt' as const)),
          uri: optional(text),
          principal: text,
          sessionId: text,
          requestId: text,
          outcome: fc.constantFrom(
            'success' as const,
            'failure' as const,
            'error' as const,
            'denied' as const,
          ),
          request: optional(text),
          parentAuditId: optional(text),
          reason: optional(text),
          durationMs: fc.double(),
          args: optional(fc.jsonValue()),
          seq: fc.nat(),
          prevHash: text,
        }),
        (body) => {
          expect(canonicalRecord(body)).toBe(canonicalJSON(body));
        },
      ),
    );
  });
});

describe('hashCanonical', () => {
  it('is sha256 over prevHash then the canonical JSON, as the chain has always been', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (prev, canonical) => {
        expect(hashCanonical(prev, canonical)).toBe(
          createHash('sha256').update(prev).update(canonical).digest('hex'),
        );
      }),
    );
  });
});

describe('AuditLog on-disk format', () => {
  // The fixture was written by the writer before the issue-14 serialiser (sorted generic canonicalJSON,
  // createHash per record, spread copies): the same entries must give the same bytes.
  it('writes byte for byte what the earlier writer wrote, and it verifies', async () => {
    const file = join(tmp(), 'audit.jsonl');
    let t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const log = new AuditLog({
      file,
      server: 'golden',
      now: () => new Date(t++),
      warn: () => {},
      scrub: (s) => s.split('canary-XYZ-not-a-real-secret').join('[REDACTED]'),
    });
    const sensitive = Object.freeze(['password', 'billing.card', 'items.token']);
    log.write({
      auditId: 'a1',
      tool: 'echo',
      principal: 'alice',
      sessionId: 's1',
      requestId: '1',
      outcome: 'success',
      durationMs: 1.23456,
      args: {
        text: 'hi \u202e bidi \u2028 ls é 😀 "q" \\ \n',
        password: 'pw',
        n: 10,
        z: -0,
        f: 1.5e300,
        b: true,
        nil: null,
        u: undefined,
        '10': 'ten',
        '2': 'two',
        billing: { card: '4111', zip: '12345' },
        items: [{ token: 't', keep: 'canary-XYZ-not-a-real-secret' }, 7],
        big: 12n,
      },
      sensitive,
    });
    log.write({
      auditId: 'a2',
      tool: 'files',
      kind: 'resource',
      uri: 'bench://files/a b',
      principal: 'bob',
      sessionId: 's2',
      requestId: 'r-2',
      outcome: 'denied',
      reason: 'rate-limit',
      durationMs: 0,
      args: {},
    });
    log.write({
      auditId: 'a3',
      tool: 'echo',
      principal: 'carol',
      sessionId: '',
      requestId: '3',
      outcome: 'error',
      request: 'sampling/createMessage',
      parentAuditId: 'a1',
      reason: 'x'.repeat(2000),
      durationMs: NaN,
    });
    log.write({
      auditId: 'a4',
      tool: 't',
      principal: 'p',
      sessionId: 's',
      requestId: '4',
      outcome: 'failure',
      durationMs: 3,
      args: { big: 'y'.repeat(9000) },
    });
    await log.close();
    const expected = readFileSync(join(__dirname, 'fixtures', 'records-before-issue-14.jsonl'));
    expect(readFileSync(file).equals(expected)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('canary-XYZ-not-a-real-secret');
    expect((await verifyAuditLog(file)).ok).toBe(true);
  });
});
