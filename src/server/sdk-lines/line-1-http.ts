import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { adoptWebStandardSession } from './adopt-session';
import type { LineHttp, LineHttpTransport } from './types';

/** 1.x Streamable HTTP: `@modelcontextprotocol/sdk/server/streamableHttp.js`, loaded only when HTTP is used. */
export const http1: LineHttp = {
  createTransport: (options): LineHttpTransport => new StreamableHTTPServerTransport(options),
  adoptSession: adoptWebStandardSession,
};
