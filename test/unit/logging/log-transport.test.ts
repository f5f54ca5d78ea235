import { createLogger } from '../../../src/logging/logger';
import type { LogEntry } from '../../../src/logging/log-transport';

describe('LoggingOptions.transports', () => {
  it('takes a plain { log(entry, done) } object, scrubbed and filtered by its level', async () => {
    const canary = 'canary-LOG-not-a-real-secret';
    const entries: LogEntry[] = [];
    const logger = createLogger({
      level: 'debug',
      scrub: (text) => text.split(canary).join('[secret]'),
      transports: [{ level: 'info', log: (entry, done) => (entries.push(entry), done()) }],
    });
    logger.debug('too fine for this transport');
    logger.info(`token ${canary}`, { tool: 'search' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(entries).toEqual([
      expect.objectContaining({ level: 'info', message: 'token [secret]', tool: 'search' }),
    ]);
    expect(entries[0]![Symbol.for('message')]).toContain('token [secret]');
    expect(JSON.stringify(entries)).not.toContain(canary);
  });
});
