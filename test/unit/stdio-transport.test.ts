import { PassThrough } from 'node:stream';
import { LineStdioTransport } from '../../src/server/stdio-transport';

/** A transport whose writes are recorded; `accept` says what `write` returns (false: the pipe is full). */
function recording(accept = () => true) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const writes: string[] = [];
  const transport = new LineStdioTransport(4096, stdin, stdout, (text) => {
    writes.push(text);
    return accept();
  });
  return { transport, stdout, writes };
}

const msg = (id: number) => ({ jsonrpc: '2.0' as const, id, result: { n: id } });

describe('LineStdioTransport writes', () => {
  it('writes the messages sent in one tick with one write, in order, one line each', async () => {
    const { transport, writes } = recording();
    await Promise.all([transport.send(msg(1)), transport.send(msg(2)), transport.send(msg(3))]);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toEqual([
      JSON.stringify(msg(1)),
      JSON.stringify(msg(2)),
      JSON.stringify(msg(3)),
      '',
    ]);
  });

  it('writes messages of later ticks with later writes', async () => {
    const { transport, writes } = recording();
    await transport.send(msg(1));
    await transport.send(msg(2));
    expect(writes).toEqual([`${JSON.stringify(msg(1))}\n`, `${JSON.stringify(msg(2))}\n`]);
  });

  it('resolves the sends of a write the stream did not accept only after drain', async () => {
    const { transport, stdout } = recording(() => false);
    let settled = 0;
    const sends = [transport.send(msg(1)), transport.send(msg(2))].map((p) => p.then(() => settled++));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(0);
    stdout.emit('drain');
    await Promise.all(sends);
    expect(settled).toBe(2);
  });

  it('writes what was sent before close() at once, before reporting the connection closed', async () => {
    const { transport, writes } = recording();
    const order: string[] = [];
    transport.onclose = () => order.push(`closed after ${writes.length} write(s)`);
    const sent = transport.send(msg(1));
    await transport.close();
    expect(order).toEqual(['closed after 1 write(s)']);
    await sent;
    expect(writes).toEqual([`${JSON.stringify(msg(1))}\n`]);
  });
});
