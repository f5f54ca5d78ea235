import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport } from '../sdk-lines/mcp-types';
import type { LineHttp } from '../sdk-lines/types';

/**
 * Stateless mode: every POST is self-contained, served by its own transport and SDK server, closed with its
 * response. Nothing is kept between requests, so any replica can answer any request without shared state;
 * what needs a session (server→client requests, logging levels, subscriptions, resumption) is unavailable.
 */
export function createStatelessHandler(
  http: LineHttp,
  connect: (transport: Transport) => Promise<void>,
  keepAliveMs: number,
) {
  return async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const transport = http.createTransport({ sessionIdGenerator: undefined, keepAliveMs });
    res.once('close', () => void transport.close());
    await connect(transport);
    await transport.handleRequest(req, res, body);
  };
}
