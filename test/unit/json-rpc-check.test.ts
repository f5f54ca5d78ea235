import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { checkJsonRpc } from '../../src/server/json-rpc-check';

// Lines as a client could send them: the common shapes, and near-misses of each rule of the fast path.
const LINES = [
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}',
  '{"jsonrpc":"2.0","id":"a-1","method":"tools/list"}',
  '{"jsonrpc":"2.0","id":0,"method":"ping","params":{}}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3,"reason":"x"}}',
  '{"jsonrpc":"2.0","id":-7,"method":"m","params":{"x":[1,2,{"y":null}]}}',
  '{"jsonrpc":"2.0","id":9007199254740991,"method":"m"}',
  '{"jsonrpc":"2.0","id":9007199254740993,"method":"m"}',
  '{"jsonrpc":"2.0","id":1.5,"method":"m"}',
  '{"jsonrpc":"2.0","id":1e400,"method":"m"}',
  '{"jsonrpc":"2.0","id":null,"method":"m"}',
  '{"jsonrpc":"2.0","id":true,"method":"m"}',
  '{"jsonrpc":"2.0","id":{},"method":"m"}',
  '{"jsonrpc":"2.0","id":1,"method":5}',
  '{"jsonrpc":"2.0","id":1}',
  '{"jsonrpc":"1.0","id":1,"method":"m"}',
  '{"id":1,"method":"m"}',
  '{"jsonrpc":"2.0","id":1,"method":"m","extra":1}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":null}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":[1,2]}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":"text"}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"progressToken":"p"}}}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"progressToken":{}}}}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":null}}',
  '{"jsonrpc":"2.0","id":1,"method":"m","params":{"__proto__":{"polluted":true}}}',
  '{"jsonrpc":"2.0","id":1,"method":"m","__proto__":{"x":1}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"e","arguments":{"__proto__":{"a":1}}}}',
  '{"jsonrpc":"2.0","id":1,"result":{}}',
  '{"jsonrpc":"2.0","id":1,"result":{"content":[]},"extra":2}',
  '{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"no"}}',
  '{"jsonrpc":"2.0","method":"notifications/x","params":{"_meta":{}}}',
  '{"jsonrpc":"2.0","method":"notifications/x","id":null}',
  '[]',
  '[{"jsonrpc":"2.0","id":1,"method":"m"}]',
  'null',
  '"text"',
  '42',
];

describe('checkJsonRpc', () => {
  it.each(LINES)('decides %s as the JSON-RPC schema does, with the same data', (line) => {
    const parsed: unknown = JSON.parse(line);
    const schema = JSONRPCMessageSchema.safeParse(JSON.parse(line));
    const checked = checkJsonRpc(parsed);
    expect(checked.ok).toBe(schema.success);
    if (checked.ok && schema.success) expect(checked.message).toEqual(schema.data);
  });

  it('passes a plain request on without running the schema (hot path: no copy of the message)', () => {
    const parsed: unknown = JSON.parse(LINES[0]!);
    const checked = checkJsonRpc(parsed);
    expect(checked.ok && checked.message).toBe(parsed);
  });

  it('keeps the id of an invalid request so the client can match the error', () => {
    const checked = checkJsonRpc(JSON.parse('{"jsonrpc":"2.0","id":"r-9","method":"m","extra":1}'));
    expect(checked).toMatchObject({ ok: false, id: 'r-9' });
  });
});
