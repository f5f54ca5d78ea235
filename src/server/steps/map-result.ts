import { isWellFormedCallToolResult } from '../call-tool-result-check';
import type { CallToolResult, StepFactory } from '../pipeline/types';

/**
 * Turns what `execute` returned into a result: a string becomes text; an object becomes `structuredContent`
 * plus its JSON as text; a `CallToolResult` passes through. Checks the output schema and the size cap.
 *
 * Objects are normalised through JSON once, here: what goes on after this step is exactly the plain data that
 * will be serialised (a `URL`, a class with `#private` fields behind `toJSON`, getters are all resolved), so
 * scrubbing sees what the client will see, and a getter or `toJSON` that throws, a `BigInt` or a malformed
 * `CallToolResult` fails this call here, where the error mapping and the audit record cover it.
 */
export const mapResult: StepFactory = (tool, server) => {
  if (tool.kind !== 'tool') return undefined;
  const maxBytes = server.maxResultBytes;
  const checkOutput = tool.checkOutput;
  return async (call, next) => {
    await next();
    const result = toResult(call.output, tool.name);
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

function toResult(output: unknown, toolName: string): CallToolResult {
  if (typeof output === 'string') return { content: [{ type: 'text', text: output }] };
  if (output === undefined || output === null) return { content: [] };
  const text = JSON.stringify(output) as string | undefined; // toJSON and getters run here, once
  if (text === undefined) return { content: [{ type: 'text', text: String(output) }] }; // a function, a symbol
  const plain: unknown = JSON.parse(text);
  if (isCallToolResult(output)) return checkedCallToolResult(plain, toolName);
  if (typeof plain === 'object' && plain !== null && !Array.isArray(plain)) {
    return { content: [{ type: 'text', text }], structuredContent: plain as Record<string, unknown> };
  }
  return { content: [{ type: 'text', text }] };
}

function isCallToolResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as CallToolResult).content);
}

// The SDK checks this too, but after the pipeline: its refusal would reach the client unaudited.
function checkedCallToolResult(plain: unknown, toolName: string): CallToolResult {
  if (!isWellFormedCallToolResult(plain))
    throw new Error(`tool ${toolName} returned a malformed CallToolResult`);
  return plain as CallToolResult;
}

function resultSize(result: CallToolResult): number {
  let size = 0;
  for (const block of result.content) {
    if (block.type === 'text') size += block.text.length;
    else if ('data' in block && typeof block.data === 'string') size += block.data.length;
  }
  return size;
}
