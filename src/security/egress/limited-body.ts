/**
 * Wraps a response body so that reading it stops with `tooLarge()` once more than `maxBytes` have
 * arrived (counted after decompression, so a small gzip bomb is caught too), and so that transport
 * errors are reported through `mapError` (e.g. an abort from the time limit becomes a clear timeout).
 * `settle` runs exactly once, when the body ends, fails or is cancelled: it releases the timer.
 */
export function limitedBody(
  source: ReadableStream<Uint8Array>,
  limits: {
    maxBytes: number;
    tooLarge: () => Error;
    mapError: (error: unknown) => unknown;
    abort: () => void;
    settle: () => void;
  },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  let settled = false;
  const settle = () => {
    if (!settled) {
      settled = true;
      limits.settle();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        settle();
        controller.error(limits.mapError(error));
        return;
      }
      if (chunk.done) {
        settle();
        controller.close();
        return;
      }
      received += chunk.value.byteLength;
      if (received > limits.maxBytes) {
        // Stop the transfer itself, not only our view of it.
        limits.abort();
        reader.cancel().catch(() => undefined);
        settle();
        controller.error(limits.tooLarge());
        return;
      }
      controller.enqueue(chunk.value);
    },
    async cancel(reason) {
      settle();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}
