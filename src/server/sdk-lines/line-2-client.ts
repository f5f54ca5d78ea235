import { StartupError } from '../../errors';
import type { LineClientKit, SdkClient } from './types';

type ClientPackage = typeof import('@modelcontextprotocol/client');
type StdioPackage = typeof import('@modelcontextprotocol/client/stdio');

/**
 * The 2.x client (`@modelcontextprotocol/client`, a package of its own), loaded only by the test kit and
 * `secure-mcp call`; a project that uses neither does not need it.
 */
export function client2(): LineClientKit {
  let pkg: ClientPackage;
  let stdio: StdioPackage;
  try {
    pkg = require('@modelcontextprotocol/client') as ClientPackage;
    stdio = require('@modelcontextprotocol/client/stdio') as StdioPackage;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new StartupError(
      'secure-mcp/testing and `secure-mcp call` on the 2.x MCP SDK line need the MCP client: npm install -D ' +
        '@modelcontextprotocol/client. (On the 1.x line the client comes with @modelcontextprotocol/sdk.)',
    );
  }
  const { Client } = pkg;
  type Client2 = InstanceType<typeof Client>;
  return {
    package: '@modelcontextprotocol/client',
    createClient(info, capabilities, handlers = {}) {
      const client = new Client(info, { capabilities });
      for (const [method, handler] of Object.entries(handlers)) {
        // 2.x registers by method name. The test's answer goes to the server unchecked, on purpose.
        client.setRequestHandler(
          method as 'roots/list',
          async (request) => (await handler(request.params)) as never,
        );
      }
      return client as unknown as SdkClient;
    },
    callTool: (client, params, options) => (client as unknown as Client2).callTool(params, options) as never,
    onNotification(client, method, handler) {
      (client as unknown as Client2).setNotificationHandler(method as never, handler as never);
    },
    stdioTransport: (o) => new stdio.StdioClientTransport({ ...o, stderr: 'pipe' }),
  };
}
