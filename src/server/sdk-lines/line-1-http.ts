import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { adoptWebStandardSession } from './adopt-session';
import type { LineHttp, LineHttpTransport } from './types';

/** 1.x Streamable HTTP: `@modelcontextprotocol/sdk/server/streamableHttp.js`, loaded only when HTTP is used. */
export const http1: LineHttp = {
  // Our EventStore and extra info are structurally the SDK's; its message type is a zod-inferred union.
  createTransport: (options) => new StreamableHTTPServerTransport(options as never) as LineHttpTransport,
  adoptSession: adoptWebStandardSession,
};
