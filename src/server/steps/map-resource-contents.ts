import type { ReadResourceResult, StepFactory } from '../pipeline/types';

type Content = ReadResourceResult['contents'][number];

/**
 * Turns what `read` returned into `resources/read` contents: a string is text, bytes are a base64 blob, an object
 * with `contents` (or `text` / `blob`) passes through with the URI and MIME type filled in, any other value is
 * JSON. Enforces the result size cap.
 */
export const mapResourceContents: StepFactory = (resource, server) => {
  if (resource.kind !== 'resource') return undefined;
  const maxBytes = server.maxResultBytes;
  const mimeType = resource.definition.mimeType;
  return async (call, next) => {
    await next();
    const uri = call.uri ?? resource.definition.uri ?? '';
    const contents = toContents(call.output, uri, mimeType);
    let size = 0;
    for (const c of contents) size += 'text' in c ? c.text.length : c.blob.length;
    if (size > maxBytes) throw new Error(`resource ${resource.name} returned more than ${maxBytes} bytes`);
    call.result = { contents };
  };
};

function toContents(output: unknown, uri: string, mimeType: string | undefined): Content[] {
  if (typeof output === 'string') return [{ uri, mimeType: mimeType ?? 'text/plain', text: output }];
  if (output instanceof Uint8Array) {
    return [
      {
        uri,
        mimeType: mimeType ?? 'application/octet-stream',
        blob: Buffer.from(output.buffer, output.byteOffset, output.byteLength).toString('base64'),
      },
    ];
  }
  if (output && typeof output === 'object') {
    const o = output as Record<string, unknown>;
    if (Array.isArray(o.contents)) return o.contents.map((c) => oneContent(c, uri, mimeType));
    if (typeof o.text === 'string' || typeof o.blob === 'string') return [oneContent(o, uri, mimeType)];
  }
  if (output === undefined || output === null) throw new Error('read() returned nothing');
  return [{ uri, mimeType: mimeType ?? 'application/json', text: JSON.stringify(output) }];
}

function oneContent(value: unknown, uri: string, mimeType: string | undefined): Content {
  const c = (value ?? {}) as Record<string, unknown>;
  const base = {
    uri: typeof c.uri === 'string' ? c.uri : uri,
    ...(typeof c.mimeType === 'string' ? { mimeType: c.mimeType } : mimeType ? { mimeType } : {}),
    // Read as the wire will, here, where a failure (a BigInt, a throwing getter) ends this call audited.
    ...(c._meta && typeof c._meta === 'object'
      ? { _meta: JSON.parse(JSON.stringify(c._meta)) as Record<string, unknown> }
      : {}),
  };
  if (typeof c.text === 'string') return { ...base, text: c.text };
  if (typeof c.blob === 'string') return { ...base, blob: c.blob };
  throw new Error('read() returned a content entry without text or blob');
}
