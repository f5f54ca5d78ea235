import { StartupError } from '../../errors';
import { adoptWebStandardSession } from './adopt-session';
import type { LineHttp, LineHttpTransport } from './types';

/**
 * 2.x Streamable HTTP: the Node transport lives in its own package, `@modelcontextprotocol/node` (the server
 * package has only the web-standard one). Loaded only when HTTP is used, so a stdio server does not need it.
 */
export function http2(): LineHttp {
  let node: typeof import('@modelcontextprotocol/node');
  try {
    node = require('@modelcontextprotocol/node') as typeof import('@modelcontextprotocol/node');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new StartupError(
      'listenHttp on the 2.x MCP SDK line needs @modelcontextprotocol/node (the Node.js Streamable HTTP ' +
        'transport): npm install @modelcontextprotocol/node. Or run on the 1.x line (@modelcontextprotocol/sdk).',
    );
  }
  return {
    createTransport: (options): LineHttpTransport => new node.NodeStreamableHTTPServerTransport(options),
    adoptSession: adoptWebStandardSession,
  };
}
