import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { format, inspect } from 'node:util';
import { SecretValue } from '../../../src/security/secrets';

const CANARY = 'canary-secret-7f3a9';

describe('SecretValue', () => {
  const secret = new SecretValue(CANARY);

  it('reveals the value only through reveal()', () => {
    expect(secret.reveal()).toBe(CANARY);
  });

  it.each([
    ['String()', () => String(secret)],
    ['toString()', () => secret.toString()],
    ['template literal', () => `key=${secret}`],
    ['concatenation', () => 'key=' + secret],
    ['JSON.stringify', () => JSON.stringify({ secret, nested: [secret] })],
    ['util.inspect', () => inspect({ secret }, { depth: 10 })],
    [
      'util.inspect without custom inspect',
      () => inspect(secret, { customInspect: false, showHidden: true }),
    ],
    ['format %s', () => format('%s', secret)],
    ['format %o', () => format('%o', secret)],
    ['format %O', () => format('%O', { secret })],
    ['format %j', () => format('%j', secret)],
    ['format without placeholder', () => format('value', secret)],
    ['Error message', () => new Error(`auth failed with ${secret}`).message],
    ['Error inspected', () => inspect(new Error('x', { cause: secret }))],
    ['Object.keys / spread', () => JSON.stringify([Object.keys(secret), { ...secret }])],
    ['structuredClone', () => inspect(structuredClone(secret), { customInspect: false, showHidden: true })],
    ['String.prototype.concat', () => ''.concat(secret as unknown as string)],
    ['Array join', () => [secret].join(',')],
  ])('does not leak via %s', (_how, render) => {
    const text = render();
    expect(text).not.toContain(CANARY);
  });

  it('prints as [REDACTED]', () => {
    expect(String(secret)).toBe('[REDACTED]');
    expect(JSON.stringify(secret)).toBe('"[REDACTED]"');
    expect(inspect(secret)).toBe('[REDACTED]');
    expect(`${secret}`).toBe('[REDACTED]');
  });

  it('cannot be modified', () => {
    expect(Object.isFrozen(secret)).toBe(true);
  });

  it('does not leak through console.log formatting', () => {
    // Jest replaces the global console; a real Console on a captured stream formats exactly like Node's.
    const stream = new PassThrough();
    const console = new Console({ stdout: stream, stderr: stream });
    console.log('%s %o %j %d', secret, secret, secret, secret);
    console.log({ secret }, [secret]);
    console.error(secret);
    const printed = String(stream.read());
    expect(printed).toContain('[REDACTED]');
    expect(printed).not.toContain(CANARY);
  });
});
