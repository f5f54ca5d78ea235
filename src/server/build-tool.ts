import type { Container } from '../container/container';
import type { ToolDefinition } from '../metadata/types';
import { assertDtoFullyValidated } from '../validation/dto-checks';
import { compileInputValidator } from '../validation/input-validator';
import { dtoToJsonSchema } from '../validation/json-schema';
import { compileSchema } from '../validation/schema-validator';
import { compose } from './pipeline/compose';
import { PIPELINE } from './pipeline/order';
import type { Step } from './pipeline/types';
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
  };
  const tool: Omit<RuntimeTool, 'run'> & { run?: RuntimeTool['run'] } = {
    name: definition.name,
    definition,
    listing,
    validateInput: compileInputValidator(definition.input, inputSchema, definition.name),
    checkOutput: outputSchema ? compileSchema(outputSchema) : undefined,
    createInstance: createToolFactory(definition, container, secrets),
  };
  const steps = PIPELINE.map((factory) => factory(tool as RuntimeTool, server)).filter((s): s is Step => !!s);
  tool.run = compose(steps);
  return tool as RuntimeTool;
}
