import { hasValidMeta, isObject, optional } from './json-rpc-check';

type Json = Record<string, unknown>;

const isString = (value: unknown) => typeof value === 'string';
const isStringArray = (value: unknown) => Array.isArray(value) && value.every(isString);
const isRecord = (value: unknown) => isObject(value);
// A date-time with seconds and an offset (RFC 3339; real calendar dates), as the spec asks of
// `annotations.lastModified`: the pattern both SDK lines check with.
const DATE = String.raw`(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))`;
const DATE_TIME = new RegExp(
  String.raw`^${DATE}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$`,
);

/**
 * Whether a tool's own `CallToolResult` is well formed as MCP defines it: `content` an array of text, image,
 * audio, resource-link or embedded-resource blocks with their required members and types (base64 where the
 * spec says so, annotations in range), `structuredContent` an object, `isError` a boolean. Unknown members are
 * allowed, as in the spec. Our own code rather than an SDK schema, so it does not depend on the SDK line; a
 * test compares its verdicts with the SDK's `CallToolResultSchema`.
 */
export function isWellFormedCallToolResult(value: unknown): boolean {
  return (
    hasValidMeta(value) &&
    Array.isArray((value as Json).content) &&
    ((value as Json).content as unknown[]).every(isContentBlock) &&
    optional(value as Json, 'structuredContent', isRecord) &&
    optional(value as Json, 'isError', (v) => typeof v === 'boolean')
  );
}

function isContentBlock(block: unknown): boolean {
  if (
    !isObject(block) ||
    !optional(block, 'annotations', isAnnotations) ||
    !optional(block, '_meta', isRecord)
  ) {
    return false;
  }
  switch (block.type) {
    case 'text':
      return isString(block.text);
    case 'image':
    case 'audio':
      return isBase64(block.data) && isString(block.mimeType);
    case 'resource':
      return isResourceContents(block.resource);
    case 'resource_link':
      return (
        isString(block.uri) &&
        isString(block.name) &&
        optional(block, 'title', isString) &&
        optional(block, 'description', isString) &&
        optional(block, 'mimeType', isString) &&
        optional(block, 'size', (v) => typeof v === 'number') &&
        optional(block, 'icons', (v) => Array.isArray(v) && v.every(isIcon))
      );
    default:
      return false;
  }
}

function isResourceContents(value: unknown): boolean {
  if (!isObject(value) || !isString(value.uri) || !optional(value, 'mimeType', isString)) return false;
  if (!optional(value, '_meta', isRecord)) return false;
  return isString(value.text) || isBase64(value.blob);
}

function isAnnotations(value: unknown): boolean {
  return (
    isObject(value) &&
    optional(
      value,
      'audience',
      (v) => Array.isArray(v) && v.every((r) => r === 'user' || r === 'assistant'),
    ) &&
    optional(value, 'priority', (v) => typeof v === 'number' && v >= 0 && v <= 1) &&
    optional(value, 'lastModified', (v) => isString(v) && DATE_TIME.test(v as string))
  );
}

function isIcon(value: unknown): boolean {
  return (
    isObject(value) &&
    isString(value.src) &&
    optional(value, 'mimeType', isString) &&
    optional(value, 'sizes', isStringArray) &&
    optional(value, 'theme', (v) => v === 'light' || v === 'dark')
  );
}

/** What `atob` accepts (the check both SDK lines make). */
function isBase64(value: unknown): boolean {
  if (!isString(value)) return false;
  try {
    atob(value as string);
    return true;
  } catch {
    return false;
  }
}
