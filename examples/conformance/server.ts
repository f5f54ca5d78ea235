import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  Audit,
  createServer,
  Prompt,
  RateLimit,
  ReadOnly,
  Resource,
  Tool,
  ToolError,
  type ToolContext,
} from 'secure-mcp';

/**
 * A server with every fixture the official conformance suite (@modelcontextprotocol/conformance) names, with the
 * security decorators on: every tool, resource and prompt is rate limited and audited. Streamable HTTP on
 * 127.0.0.1:<port>/mcp with authentication off (the suite sends no token).
 *
 *   node build/examples/conformance/server.js --port 3001
 */

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV_EMPTY = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';
const LIMIT = { limit: 600, window: '1m' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class NoInput {}

/** The stream of a call is closed after POLL_AFTER_MS; test_reconnection answers later. */
const POLL_AFTER_MS = 100;
const RECONNECTION_DELAY_MS = 400;

// ---- tools ------------------------------------------------------------------------------------------------

@Tool({ name: 'test_simple_text', description: 'Returns a simple text response', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class SimpleText {
  execute() {
    return 'This is a simple text response for testing.';
  }
}

/**
 * SSE polling (SEP-1699): answers after the server has closed the call's stream (`resumability.pollAfterMs`);
 * the client comes back with `Last-Event-ID` and gets the result from the event store.
 */
@Tool({ name: 'test_reconnection', description: 'Answers after its SSE stream was closed', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class Reconnection {
  async execute() {
    await new Promise((resolve) => setTimeout(resolve, RECONNECTION_DELAY_MS));
    return 'Reconnection test completed';
  }
}

@Tool({ name: 'test_image_content', description: 'Returns an image', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class ImageContent {
  execute() {
    return { content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] };
  }
}

@Tool({ name: 'test_audio_content', description: 'Returns audio', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class AudioContent {
  execute() {
    return { content: [{ type: 'audio', data: WAV_EMPTY, mimeType: 'audio/wav' }] };
  }
}

@Tool({ name: 'test_embedded_resource', description: 'Returns an embedded resource', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class EmbeddedResource {
  execute() {
    return {
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    };
  }
}

@Tool({
  name: 'test_multiple_content_types',
  description: 'Returns text, image and a resource',
  input: NoInput,
})
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class MixedContent {
  execute() {
    return {
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    };
  }
}

@Tool({ name: 'test_error_handling', description: 'Always fails with a tool error', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class ErrorHandling {
  execute(): never {
    throw new ToolError('This tool intentionally returns an error for testing');
  }
}

@Tool({ name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class WithProgress {
  async execute(_input: NoInput, ctx: ToolContext) {
    for (const progress of [0, 50, 100]) {
      await ctx.reportProgress({ progress, total: 100 });
      if (progress < 100) await sleep(50);
    }
    return 'Progress test completed';
  }
}

/** The suite names this definition `address` in `$defs`: the class name is the definition's name. */
class address {
  @IsOptional() @IsString() @MaxLength(200) street?: string;
  @IsOptional() @IsString() @MaxLength(200) city?: string;
}

class SchemaInput {
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @ValidateNested() @Type(() => address) address?: address;
}

@Tool({
  name: 'json_schema_2020_12_tool',
  description: 'Tool with JSON Schema 2020-12 features',
  input: SchemaInput,
})
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class JsonSchema2020 {
  execute(input: SchemaInput) {
    return `received ${input.name ?? 'no name'}`;
  }
}

// The tools that talk back to the client: `ctx.log`, `ctx.sample`, `ctx.elicit` (audited and scrubbed).

@Tool({ name: 'test_tool_with_logging', description: 'Sends three log messages', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class WithLogging {
  async execute(_input: NoInput, ctx: ToolContext) {
    await ctx.log.info('Tool execution started');
    await sleep(50);
    await ctx.log.info('Tool processing data');
    await sleep(50);
    await ctx.log.info('Tool execution completed');
    return 'Logging test completed';
  }
}

class PromptInput {
  @IsString() @MaxLength(2000) prompt!: string;
}

@Tool({ name: 'test_sampling', description: 'Asks the client to sample', input: PromptInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class Sampling {
  async execute(input: PromptInput, ctx: ToolContext) {
    const answer = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: input.prompt } }],
      maxTokens: 100,
    });
    return `LLM response: ${'text' in answer.content ? answer.content.text : ''}`;
  }
}

class MessageInput {
  @IsString() @MaxLength(2000) message!: string;
}

class UserDetails {
  @IsString() @MaxLength(200) username!: string;
  @IsString() @MaxLength(200) email!: string;
}

@Tool({ name: 'test_elicitation', description: 'Asks the user for details', input: MessageInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class Elicitation {
  async execute(input: MessageInput, ctx: ToolContext) {
    const answer = await ctx.elicit(UserDetails, input.message);
    return `User response: action=${answer.action}, content=${JSON.stringify('content' in answer ? answer.content : {})}`;
  }
}

/** SEP-1034: a form whose every primitive field has a default (from the field initialisers). */
class DefaultsForm {
  @IsString() @MaxLength(200) name: string = 'John Doe';
  @IsInt() age: number = 30;
  @IsNumber() score: number = 95.5;
  @IsIn(['active', 'inactive', 'pending']) status: string = 'active';
  @IsBoolean() verified: boolean = true;
}

@Tool({ name: 'test_elicitation_sep1034_defaults', description: 'Asks with defaults', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class ElicitationDefaults {
  async execute(_input: NoInput, ctx: ToolContext) {
    const answer = await ctx.elicit(DefaultsForm, 'Please review your details');
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify('content' in answer ? answer.content : {})}`;
  }
}

// class-validator-jsonschema types its argument as OpenAPI 3.0 (no `const`, no `enumNames`): widen it here.
const Schema = (schema: object) => JSONSchema(schema as never);

/** SEP-1330: the five enum forms (untitled, titled, legacy titled, untitled multi, titled multi). */
class EnumsForm {
  @IsIn(['option1', 'option2', 'option3']) untitledSingle!: string;
  @Schema({
    oneOf: [
      { const: 'value1', title: 'First Option' },
      { const: 'value2', title: 'Second Option' },
      { const: 'value3', title: 'Third Option' },
    ],
  })
  @IsString() // the oneOf consts are the listed choices, checked by the schema (no enum beside oneOf)
  titledSingle!: string;
  @Schema({ enumNames: ['Option One', 'Option Two', 'Option Three'] })
  @IsIn(['opt1', 'opt2', 'opt3'])
  legacyEnum!: string;
  @IsArray() @IsIn(['option1', 'option2', 'option3'], { each: true }) untitledMulti!: string[];
  @Schema({
    items: {
      anyOf: [
        { const: 'value1', title: 'First Choice' },
        { const: 'value2', title: 'Second Choice' },
        { const: 'value3', title: 'Third Choice' },
      ],
    },
  })
  @IsArray()
  @IsIn(['value1', 'value2', 'value3'], { each: true })
  titledMulti!: string[];
}

@Tool({ name: 'test_elicitation_sep1330_enums', description: 'Asks with every enum form', input: NoInput })
@ReadOnly()
@RateLimit(LIMIT)
@Audit()
export class ElicitationEnums {
  async execute(_input: NoInput, ctx: ToolContext) {
    const answer = await ctx.elicit(EnumsForm, 'Please choose');
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify('content' in answer ? answer.content : {})}`;
  }
}

// ---- resources --------------------------------------------------------------------------------------------

@Resource({
  uri: 'test://static-text',
  name: 'static-text',
  mimeType: 'text/plain',
  description: 'Static text',
})
@RateLimit(LIMIT)
@Audit()
export class StaticText {
  read() {
    return 'This is the content of the static text resource.';
  }
}

@Resource({ uri: 'test://static-binary', name: 'static-binary', mimeType: 'image/png', description: 'A PNG' })
@RateLimit(LIMIT)
@Audit()
export class StaticBinary {
  read() {
    return Buffer.from(PNG_1X1, 'base64');
  }
}

class TemplateParams {
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/) id!: string;
}

@Resource({
  uriTemplate: 'test://template/{id}/data',
  name: 'template-data',
  mimeType: 'application/json',
  params: TemplateParams,
  description: 'Data for an id',
})
@RateLimit(LIMIT)
@Audit()
export class TemplateData {
  read(params: TemplateParams) {
    return { id: params.id, templateTest: true, data: `Data for ID: ${params.id}` };
  }
  complete(_field: string, prefix: string) {
    return ['123', '456', '789'].filter((v) => v.startsWith(prefix));
  }
}

@Resource({
  uri: 'test://watched-resource',
  name: 'watched-resource',
  mimeType: 'text/plain',
  description: 'Watch me',
})
@RateLimit(LIMIT)
@Audit()
export class WatchedResource {
  read() {
    return `watched at ${new Date().toISOString()}`;
  }
}

// ---- prompts ----------------------------------------------------------------------------------------------

@Prompt({ name: 'test_simple_prompt', description: 'A simple prompt without arguments' })
@RateLimit(LIMIT)
@Audit()
export class SimplePrompt {
  render() {
    return 'This is a simple prompt for testing.';
  }
}

class TwoArgs {
  @IsString() @MaxLength(200) arg1!: string;
  @IsString() @MaxLength(200) arg2!: string;
}

@Prompt({ name: 'test_prompt_with_arguments', description: 'A prompt with two arguments', args: TwoArgs })
@RateLimit(LIMIT)
@Audit()
export class PromptWithArguments {
  render(args: TwoArgs) {
    return `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`;
  }
  complete(_field: string, prefix: string) {
    return ['paris', 'park', 'party', 'test', 'testing'].filter((v) => v.startsWith(prefix));
  }
}

class ResourceArg {
  @IsString() @MaxLength(500) @Matches(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s]*$/) resourceUri!: string;
}

@Prompt({ name: 'test_prompt_with_embedded_resource', description: 'Embeds a resource', args: ResourceArg })
@RateLimit(LIMIT)
@Audit()
export class PromptWithEmbeddedResource {
  render(args: ResourceArg) {
    return [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: args.resourceUri,
            mimeType: 'text/plain',
            text: 'Embedded resource content for testing.',
          },
        },
      },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ];
  }
}

@Prompt({ name: 'test_prompt_with_image', description: 'Shows an image' })
@RateLimit(LIMIT)
@Audit()
export class PromptWithImage {
  render() {
    return [
      { role: 'user', content: { type: 'image', data: PNG_1X1, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ];
  }
}

// ---- server -----------------------------------------------------------------------------------------------

export const CONFORMANCE_FIXTURES = {
  tools: [
    SimpleText,
    Reconnection,
    ImageContent,
    AudioContent,
    EmbeddedResource,
    MixedContent,
    ErrorHandling,
    WithProgress,
    JsonSchema2020,
    WithLogging,
    Sampling,
    Elicitation,
    ElicitationDefaults,
    ElicitationEnums,
  ],
  resources: [StaticText, StaticBinary, TemplateData, WatchedResource],
  prompts: [SimplePrompt, PromptWithArguments, PromptWithEmbeddedResource, PromptWithImage],
};

function portFromArgs(argv: readonly string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : process.env.PORT;
  const port = Number(raw ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${String(raw)}`);
  return port;
}

async function main() {
  const server = await createServer({
    name: 'secure-mcp-conformance',
    version: '1.0.0',
    ...CONFORMANCE_FIXTURES,
    policy: false,
  });
  const port = portFromArgs(process.argv);
  const listener = await server.listenHttp({
    port,
    auth: false,
    // Browsers on the server's own loopback origin (the suite sends `Origin: http://localhost:<port>`).
    allowedOrigins: port ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`] : [],
    // test_reconnection outlives its stream: closed after POLL_AFTER_MS, resumed with Last-Event-ID.
    resumability: { retryMs: 200, pollAfterMs: POLL_AFTER_MS },
  });
  process.stderr.write(`conformance server listening on ${listener.url}\n`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
