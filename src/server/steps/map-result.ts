import type { CallToolResult, StepFactory } from '../pipeline/types';

/**
 * Turns what `execute` returned into a result: a string becomes text; an object becomes `structuredContent`
 * plus its JSON as text; a `CallToolResult` passes through. Checks the output schema and the size cap.
 */
export const mapResult: StepFactory = (tool, server) => {
  if (tool.kind !== 'tool') return undefined;
  const maxBytes = server.maxResultBytes;
  const checkOutput = tool.checkOutput;
  return async (call, next) => {
    await next();
    const result = toResult(call.output);
    if (checkOutput) {
      const problems = checkOutput(result.structuredContent);
      if (problems.length > 0) {
        throw new Error(
          `tool ${tool.name} returned output that does not match its output schema: ${problems.join('; ')}`,
        );
      }
    }
    if (resultSize(result) > maxBytes) {
      throw new Error(`tool ${tool.name} returned a result larger than ${maxBytes} bytes`);
    }
    call.result = result;
  };
};

function toResult(output: unknown): CallToolResult {
  if (typeof output === 'string') return { content: [{ type: 'text', text: output }] };
  if (output === undefined || output === null) return { content: [] };
  if (isCallToolResult(output)) return output;
  const text = JSON.stringify(output);
  if (typeof output === 'object' && !Array.isArray(output)) {
    return { content: [{ type: 'text', text }], structuredContent: output as Record<string, unknown> };
  }
  return { content: [{ type: 'text', text: text ?? String(output) }] };
}

function isCallToolResult(value: unknown): value is CallToolResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as CallToolResult).content);
}

function resultSize(result: CallToolResult): number {
  let size = 0;
  for (const block of result.content) {
    if (block.type === 'text') size += block.text.length;
    else if ('data' in block && typeof block.data === 'string') size += block.data.length;
  }
  return size;
}
