import type { GetPromptResult, StepFactory } from '../pipeline/types';

type Message = GetPromptResult['messages'][number];
const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource', 'resource_link']);

/**
 * Turns what `render` returned into `prompts/get` messages: a string is one user text message; an array of
 * messages or `{ description?, messages }` passes through after a shape check (role `user` / `assistant`,
 * content text, image, audio, embedded resource or resource link). Enforces the result size cap.
 */
export const mapPromptMessages: StepFactory = (prompt, server) => {
  if (prompt.kind !== 'prompt') return undefined;
  const maxBytes = server.maxResultBytes;
  const description = prompt.definition.description || undefined;
  return async (call, next) => {
    await next();
    const { messages: rendered, description: own } = toMessages(call.output, prompt.name);
    const json = JSON.stringify(rendered);
    if (json.length > maxBytes) throw new Error(`prompt ${prompt.name} rendered more than ${maxBytes} bytes`);
    // The plain data of that one serialisation goes on: getters and toJSON are not run a second time later.
    const messages = JSON.parse(json) as Message[];
    const shown = own ?? description;
    call.result = { ...(shown ? { description: shown } : {}), messages };
  };
};

function toMessages(output: unknown, name: string): { messages: Message[]; description?: string } {
  if (typeof output === 'string')
    return { messages: [{ role: 'user', content: { type: 'text', text: output } }] };
  const o = output as { messages?: unknown; description?: unknown } | undefined;
  const list = Array.isArray(output) ? output : o && Array.isArray(o.messages) ? o.messages : undefined;
  if (!list) throw new Error(`prompt ${name}: render() must return a string, messages or { messages }`);
  for (const m of list as Array<Partial<Message> | undefined>) {
    const role = m?.role;
    const type = (m?.content as { type?: unknown } | undefined)?.type;
    if ((role !== 'user' && role !== 'assistant') || typeof type !== 'string' || !CONTENT_TYPES.has(type)) {
      throw new Error(`prompt ${name}: render() returned a message without a valid role and content`);
    }
  }
  return {
    messages: list as Message[],
    ...(o && !Array.isArray(output) && typeof o.description === 'string'
      ? { description: o.description }
      : {}),
  };
}
