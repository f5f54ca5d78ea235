import type { Container } from '../container/container';
import type { ToolDefinition, ToolHandler } from '../metadata/types';
import { assertDtoFullyValidated } from '../validation/dto-checks';
import { compileInputValidator } from '../validation/input-validator';
import { dtoToJsonSchema } from '../validation/json-schema';
import { compileSchema } from '../validation/schema-validator';
import { withPipeline } from './compose-capability';
import type { RuntimeTool, ToolListing } from './runtime-tool';
import type { ServerRuntime } from './server-runtime';
import { createToolFactory, type SecretLookup } from './tool-factory';

/** Everything that can be done once for a tool: schemas, validators, instance factory, composed pipeline. */
export function buildTool(
  definition: ToolDefinition,
  server: ServerRuntime,
  container: Container,
  secrets: SecretLookup,
): RuntimeTool {
  const owner = `${definition.target.name} (tool "${definition.name}")`;
  assertDtoFullyValidated(definition.input, owner);
  const inputSchema = dtoToJsonSchema(definition.input);
  let outputSchema;
  if (definition.output) {
    assertDtoFullyValidated(definition.output, owner);
    outputSchema = dtoToJsonSchema(definition.output);
  }
  const listing: ToolListing = {
    name: definition.name,
    ...(definition.title ? { title: definition.title } : {}),
    description: definition.description,
    inputSchema,
    ...(outputSchema ? { outputSchema } : {}),
    annotations: definition.annotations,
    ...(definition.icons ? { icons: definition.icons } : {}),
    ...(definition._meta ? { _meta: definition._meta } : {}),
  };
  const createInstance = createToolFactory<ToolHandler>(definition, container, secrets);
  return withPipeline<RuntimeTool>(
    {
      kind: 'tool',
      name: definition.name,
      definition,
      listing,
      validateInput: compileInputValidator(definition.input, inputSchema, definition.name),
      checkOutput: outputSchema ? compileSchema(outputSchema) : undefined,
      createInstance,
      invoke: (input, ctx) => createInstance(ctx).execute(input, ctx),
    },
    server,
  );
}
