import { Console } from 'node:console';
import { guardOutputStreams } from '../../../src/server/output-streams';

const CANARY = 'canary-streams-3307-not-a-real-secret';
const scrub = (text: string) => text.split(CANARY).join('[REDACTED]');

/** Replaces the streams' `write` with recorders for the test's duration (they stand in for the real fds). */
function recordStreams() {
  const real = { out: process.stdout.write, err: process.stderr.write };
  const out: string[] = [];
  const err: string[] = [];
  const recorder = (into: string[]) =>
    ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = recorder(out);
  process.stderr.write = recorder(err);
  return {
    out,
    err,
    restore() {
      process.stdout.write = real.out;
      process.stderr.write = real.err;
    },
  };
}

describe('guardOutputStreams (issue 11, item 5)', () => {
  it('sends every console method and stdout.write to stderr, scrubbed; only writeStdout reaches stdout; restore undoes it', () => {
    const streams = recordStreams();
    const before = process.stdout.write;
    try {
      const guard = guardOutputStreams(scrub, { redirectStdout: true });
      // The global console under jest is jest's; a Console on the process streams is what Node's global one is.
      const console = new Console({ stdout: process.stdout, stderr: process.stderr });
      console.log('log', CANARY);
      console.dir({ dir: CANARY });
      console.table([{ table: CANARY }]);
      console.group('group');
      console.info('grouped', CANARY);
      console.groupEnd();
      console.trace('trace', CANARY);
      process.stdout.write(Buffer.from(`buffer ${CANARY}\n`));
      process.stdout.write(Buffer.from(`hex ${CANARY}\n`).toString('hex'), 'hex');
      let called = false;
      process.stderr.write(`stderr ${CANARY}\n`, () => (called = true));
      guard.writeStdout('{"jsonrpc":"2.0"}\n');
      guard.restore();
      expect(process.stdout.write).toBe(before);
      process.stdout.write('after restore\n');
      expect(called).toBe(true);
    } finally {
      streams.restore();
    }
    expect(streams.out).toEqual(['{"jsonrpc":"2.0"}\n', 'after restore\n']);
    const err = streams.err.join('');
    expect(err).not.toContain(CANARY);
    for (const expected of [
      'log [REDACTED]',
      "{ dir: '[REDACTED]' }",
      '│ table',
      '  grouped [REDACTED]',
      'Trace: trace [REDACTED]',
      'buffer [REDACTED]',
      'hex [REDACTED]',
      'stderr [REDACTED]',
    ]) {
      expect(err).toContain(expected);
    }
  });

  it('without redirection (HTTP) scrubs stdout in place', () => {
    const streams = recordStreams();
    try {
      const guard = guardOutputStreams(scrub, { redirectStdout: false });
      process.stdout.write(`out ${CANARY}\n`);
      guard.restore();
    } finally {
      streams.restore();
    }
    expect(streams.out).toEqual(['out [REDACTED]\n']);
    expect(streams.err).toEqual([]);
  });
});
