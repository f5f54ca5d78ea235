import type { StepFactory } from '../pipeline/types';

/** At most this many completion values are sent (the MCP limit). */
export const MAX_COMPLETION_VALUES = 100;
/** At most this many resources of one template's `list()` are listed. */
export const MAX_LISTED_PER_TEMPLATE = 1000;

interface Listed {
  uri: string;
  name: string;
  [key: string]: unknown;
}

/**
 * Turns what an operation's work returned into its answer, read as the wire will read it (through JSON once, so
 * `toJSON`, getters and a `BigInt` are resolved or fail here, inside the audited pipeline, and the scrubber at the
 * door sees exactly what is sent): completions are strings, at most {@link MAX_COMPLETION_VALUES}; a template's
 * listing keeps entries with a string `uri` and `name`, at most {@link MAX_LISTED_PER_TEMPLATE}, with the
 * template's MIME type filled in; a subscription answers `{}`.
 */
export const mapOperationResult: StepFactory = (capability, _server, operation) => {
  if (!operation) return undefined;
  const mimeType = capability.kind === 'resource' ? capability.definition.mimeType : undefined;
  return async (call, next) => {
    await next();
    const plain = asPlain(call.output);
    if (operation === 'complete') {
      const strings = (Array.isArray(plain) ? plain : []).filter((v): v is string => typeof v === 'string');
      call.result = {
        completion: {
          values: strings.slice(0, MAX_COMPLETION_VALUES),
          total: strings.length,
          hasMore: strings.length > MAX_COMPLETION_VALUES,
        },
      };
    } else if (operation === 'list') {
      if (plain !== undefined && !Array.isArray(plain)) throw new Error('list() did not return an array');
      call.result = {
        resources: (plain ?? [])
          .filter((e): e is Listed => isRecord(e) && typeof e.uri === 'string' && typeof e.name === 'string')
          .slice(0, MAX_LISTED_PER_TEMPLATE)
          .map((e) => ({ ...(mimeType ? { mimeType } : {}), ...e })),
      };
    } else {
      call.result = {};
    }
  };
};

function asPlain(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
