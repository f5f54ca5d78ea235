import type { IncomingMessage } from 'node:http';

export type BodyResult =
  { kind: 'ok'; value: unknown } | { kind: 'none' } | { kind: 'too-large' } | { kind: 'invalid-json' };

/**
 * Reads a JSON body with a size cap. The declared `Content-Length` is checked before reading, and the byte
 * count while reading (chunked bodies), so an oversized body is refused without being buffered.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return { kind: 'too-large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { kind: 'too-large' };
    chunks.push(chunk);
  }
  if (size === 0) return { kind: 'none' };
  try {
    return { kind: 'ok', value: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) };
  } catch {
    return { kind: 'invalid-json' };
  }
}
