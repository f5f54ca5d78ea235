import { StartupError } from '../../../src';
import { formatStartupError } from '../../../src/startup/exit-on-startup-error';

// Issue 17 item 6: start-up errors are printed in a form clients show: one line saying why, first.

describe('formatStartupError', () => {
  it('puts one line saying the server did not start and why first; a StartupError has no stack', () => {
    const text = formatStartupError(
      new StartupError('Secret K needed by T was not found.\n- detail'),
      'docs',
    );
    expect(text).toBe('docs (secure-mcp) did not start: Secret K needed by T was not found.\n- detail\n');
  });

  it('keeps the stack of an unexpected error, below the first line', () => {
    const lines = formatStartupError(new TypeError('boom')).split('\n');
    expect(lines[0]).toBe('secure-mcp server did not start: boom');
    expect(lines[1]).toMatch(/^\s+at /);
  });
});
