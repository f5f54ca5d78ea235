import fc from 'fast-check';
import * as core2 from '@modelcontextprotocol/core';
import * as types1 from '@modelcontextprotocol/sdk/types.js';
import { isWellFormedCallToolResult } from '../../../src/server/call-tool-result-check';
import { checkJsonRpc } from '../../../src/server/json-rpc-check';

/**
 * The JSON-RPC and CallToolResult checks are our own code (so they load on either SDK line); their verdicts
 * must be those of the SDK schemas they replace, on both lines: hand-picked edge cases, then generated
 * messages built from the same members, right and wrong.
 */
const schemas = {
  jsonRpc: [types1.JSONRPCMessageSchema, core2.JSONRPCMessageSchema],
  callToolResult: [types1.CallToolResultSchema, core2.CallToolResultSchema],
};
const sdkVerdicts = (list: Array<{ safeParse(v: unknown): { success: boolean } }>, value: unknown) =>
  list.map((s) => s.safeParse(value).success);

/**
 * Ours is 1.x's verdict exactly, and never looser than 2.x: 2.x lets through some shapes 1.x and the spec
 * refuse (any `structuredContent`; a result's `_meta` task link of any type), which we keep refusing.
 */
function expectVerdict(list: Parameters<typeof sdkVerdicts>[0], ours: boolean, value: unknown): void {
  const [v1, v2] = sdkVerdicts(list, value);
  expect(v1).toBe(ours);
  if (ours) expect(v2).toBe(true);
}

const id = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constantFrom(1.5, 2 ** 60, null, true, -0));
const meta = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      progressToken: id,
      'io.modelcontextprotocol/related-task': fc.oneof(fc.record({ taskId: fc.string() }), fc.constant(7)),
      other: fc.anything({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, [], 'x'),
);
const params = fc.oneof(
  fc.constant(undefined),
  fc.record({ _meta: meta, name: fc.string() }, { requiredKeys: [] }),
  fc.constantFrom(null, [], [1], 'x', 3),
);
const message = fc.record(
  {
    jsonrpc: fc.constantFrom('2.0', '2.0', '1.0', 2),
    id,
    method: fc.oneof(fc.constantFrom('tools/call', 'initialize', ''), fc.integer()),
    params,
    result: fc.oneof(
      fc.record({ _meta: meta, x: fc.integer() }, { requiredKeys: [] }),
      fc.constantFrom(null, [], 1),
    ),
    error: fc.oneof(
      fc.record(
        {
          code: fc.oneof(fc.integer(), fc.constantFrom(1.5, '1')),
          message: fc.oneof(fc.string(), fc.integer()),
          data: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom(null, 'e'),
    ),
    extra: fc.anything({ maxDepth: 0 }),
  },
  { requiredKeys: [] },
);

describe('our JSON-RPC message check', () => {
  it.each([
    [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }],
    [{ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x', arguments: {} } }],
    [{ jsonrpc: '2.0', method: 'notifications/initialized' }],
    [{ jsonrpc: '2.0', id: 1, result: {} }],
    [{ jsonrpc: '2.0', id: 1, error: { code: -32600, message: 'no', data: { a: 1 } } }],
    [{ jsonrpc: '2.0', error: { code: -32700, message: 'parse' } }],
    [{ jsonrpc: '2.0', id: 1, method: 'x', extra: 1 }],
    [{ jsonrpc: '2.0', id: 1.5, method: 'x' }],
    [{ jsonrpc: '2.0', id: null, method: 'x' }],
    [{ jsonrpc: '2.0', id: 2 ** 60, method: 'x' }],
    [{ jsonrpc: '2.0', id: 1, error: { code: 1.5, message: 'x' } }],
    [{ jsonrpc: '2.0', id: 1, method: 'x', params: [] }],
    [{ jsonrpc: '2.0', id: 1, method: 'x', params: { _meta: { progressToken: 1.5 } } }],
    [{ jsonrpc: '2.0', id: 1, result: [] }],
    [{ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: '' } }],
    [{ jsonrpc: '1.0', id: 1, method: 'x' }],
    [{ id: 1, method: 'x' }],
    [{ jsonrpc: '2.0' }],
    [null],
    ['text'],
  ])('agrees with 1.x, and is never looser than 2.x, on %j', (value) => {
    expectVerdict(schemas.jsonRpc, checkJsonRpc(value).ok, value);
  });

  it('agrees with 1.x, and is never looser than 2.x, on generated messages', () => {
    fc.assert(
      fc.property(message, (value) => {
        expectVerdict(schemas.jsonRpc, checkJsonRpc(value).ok, value);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the id of an invalid request so the client can match the answer', () => {
    expect(checkJsonRpc({ jsonrpc: '2.0', id: 7, method: 'x', extra: true })).toEqual({
      ok: false,
      id: 7,
      code: -32600,
      message: 'message is not a valid JSON-RPC 2.0 request (unknown or malformed members)',
    });
  });
});

const annotations = fc.record(
  {
    audience: fc.oneof(fc.constant(['user', 'assistant']), fc.constant(['robot']), fc.constant('user')),
    priority: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constant('high')),
    lastModified: fc.constantFrom(
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00.123+02:00',
      '2025-01-01',
      'yesterday',
      '2025-01-01T00:00Z',
    ),
  },
  { requiredKeys: [] },
);
const base64 = fc.constantFrom('aGk=', 'not base64!', '', 'aGk', 12);
const common = {
  annotations,
  _meta: fc.oneof(fc.dictionary(fc.string(), fc.integer()), fc.constantFrom(null, [], 'x')),
};
const block = fc.oneof(
  fc.record(
    { type: fc.constant('text'), text: fc.oneof(fc.string(), fc.integer()), ...common },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('image', 'audio'),
      data: base64,
      mimeType: fc.oneof(fc.constant('image/png'), fc.integer()),
      ...common,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('resource'),
      resource: fc.record(
        {
          uri: fc.oneof(fc.constant('file:///a'), fc.integer()),
          mimeType: fc.string(),
          text: fc.string(),
          blob: base64,
          _meta: fc.constantFrom({}, 1),
        },
        { requiredKeys: [] },
      ),
      ...common,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('resource_link'),
      uri: fc.oneof(fc.constant('file:///a'), fc.integer()),
      name: fc.oneof(fc.string(), fc.integer()),
      title: fc.oneof(fc.string(), fc.integer()),
      size: fc.oneof(fc.integer(), fc.constant('1')),
      icons: fc.oneof(
        fc.constant([{ src: 'a.png', sizes: ['16x16'], theme: 'dark' }]),
        fc.constant([{ src: 'a.png', theme: 'blue' }]),
        fc.constant([{ mimeType: 'image/png' }]),
      ),
      ...common,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constantFrom('video', 1), text: fc.string() }),
  fc.constantFrom(null, 'text'),
);
const result = fc.record(
  {
    content: fc.array(block, { maxLength: 3 }),
    structuredContent: fc.oneof(fc.dictionary(fc.string(), fc.integer()), fc.constantFrom(null, [], 'x')),
    isError: fc.oneof(fc.boolean(), fc.constant('yes')),
    _meta: meta,
    extra: fc.anything({ maxDepth: 0 }),
  },
  { requiredKeys: ['content'] },
);

/**
 * 1.x's verdict exactly (the spec: `structuredContent` is an object). 2.x accepts any `structuredContent`
 * (null, an array, a string); we keep the spec's rule on both lines, so ours may refuse what 2.x lets through
 * but never the reverse.
 */
function expectResultVerdict(value: unknown): void {
  expectVerdict(schemas.callToolResult, isWellFormedCallToolResult(value), value);
}

describe('our CallToolResult check', () => {
  it.each([
    [{ content: [{ type: 'text', text: 'hi' }] }],
    [{ content: [], structuredContent: { a: 1 }, isError: false }],
    [{ content: [{ type: 'image', data: 'aGk=', mimeType: 'image/png' }] }],
    [{ content: [{ type: 'image', data: 'not base64!', mimeType: 'image/png' }] }],
    [{ content: [{ type: 'text' }] }],
    [{ content: [{ type: 'text', text: 'x', annotations: { priority: 2 } }] }],
    [{ content: [{ type: 'resource', resource: { uri: 'a', text: 't' } }] }],
    [{ content: [{ type: 'resource', resource: { uri: 'a' } }] }],
    [{ content: [{ type: 'resource_link', uri: 'a', name: 'n' }] }],
    [{ content: [], structuredContent: [] }],
    [{ content: [], isError: 'yes' }],
    [{ content: [{ type: 'video' }] }],
  ])('agrees with 1.x, and is never looser than 2.x, on %j', (value) => expectResultVerdict(value));

  it('agrees with 1.x, and is never looser than 2.x, on generated results', () => {
    fc.assert(
      fc.property(result, (value) => expectResultVerdict(value)),
      { numRuns: 3000 },
    );
  });
});
