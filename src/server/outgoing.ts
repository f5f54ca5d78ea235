import type { Transport, TransportSendOptions } from './sdk-lines/mcp-types';
import type { JSONRPCMessage } from './sdk-lines/mcp-types';
import type { Logger } from '../logging/logger';
import type { Scrubber } from '../security/secrets/scrubber';
import { describeError } from './describe-error';
import { ErrorCodes as ErrorCode } from './sdk-lines/error-codes';

/** A transport that can write a message already serialised (saves serialising it twice). */
export interface SerializedSend {
  sendSerialized(json: string): Promise<void>;
}

/**
 * The one door out of a connection. Every JSON-RPC message the server sends (results, errors, progress and
 * log notifications, and requests such as elicitation or sampling, including ones added later) is serialised
 * here once, with JSON semantics (`toJSON`, getters), its text searched for known secrets, and what the
 * transport gets is the plain data of that one serialisation, scrubbed when something was found. So what is
 * checked is exactly what is sent. A message that cannot be serialised (a `BigInt`, a throwing getter) never
 * leaves half-built: a response becomes an internal error for the same request id, so the client is always
 * answered; a request fails; a notification is dropped and logged.
 */
export function guardOutgoing(transport: Transport, scrubber: Scrubber, logger: Logger): Transport {
  const serialized = (transport as Partial<SerializedSend>).sendSerialized;
  const send = (message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> => {
    let json: string;
    try {
      json = JSON.stringify(message);
    } catch (error) {
      return sendInstead(message, error, options);
    }
    if (scrubber.size > 0 && scrubber.scrub(json) !== json) {
      json = JSON.stringify(scrubber.scrubDeep(JSON.parse(json)));
    }
    if (serialized) return serialized.call(transport, json);
    return transport.send(JSON.parse(json) as JSONRPCMessage, options);
  };

  const sendInstead = (message: JSONRPCMessage, error: unknown, options?: TransportSendOptions) => {
    const { id, method } = message as { id?: unknown; method?: unknown };
    logger.error('an outgoing message could not be serialised', {
      kind: typeof method === 'string' ? method : 'response',
      error: describeError(error),
    });
    if (typeof method === 'string') {
      if (id === undefined) return Promise.resolve(); // a notification: nothing waits for it
      return Promise.reject(new Error(`the server could not serialise its ${method} request`));
    }
    if (typeof id !== 'string' && typeof id !== 'number') return Promise.resolve();
    return send(
      {
        jsonrpc: '2.0',
        id,
        error: { code: ErrorCode.InternalError, message: 'the server could not serialise its response' },
      },
      options,
    );
  };

  return new Proxy(transport, {
    get(target, property, receiver) {
      return property === 'send' ? send : Reflect.get(target, property, receiver);
    },
  });
}
