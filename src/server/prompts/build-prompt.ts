import type { Container } from '../../container/container';
import { StartupError } from '../../errors';
import { ownerLabel } from '../../metadata/read-common';
import type { PromptDefinition, PromptHandler } from '../../metadata/types';
import { assertDtoFullyValidated } from '../../validation/dto-checks';
import { compileInputValidator } from '../../validation/input-validator';
import { dtoToJsonSchema, type JsonSchema } from '../../validation/json-schema';
import { withPipeline } from '../compose-capability';
import type { PromptListing, RuntimePrompt } from '../runtime-tool';
import type { ServerRuntime } from '../server-runtime';
import { createToolFactory, type SecretLookup } from '../tool-factory';

/**
 * Everything that can be done once for a prompt: its `arguments` listing (from the args DTO), the validator,
 * the instance factory and the composed pipeline. MCP prompt arguments are strings, so every field must be
 * a string in the schema (use `@IsNumberString()`-style rules for other shapes).
 */
export function buildPrompt(
  definition: PromptDefinition,
  server: ServerRuntime,
  container: Container,
  secrets: SecretLookup,
): RuntimePrompt {
  const owner = ownerLabel(definition.target, 'prompt', definition.name);
  assertDtoFullyValidated(definition.input, owner);
  const schema = dtoToJsonSchema(definition.input);
  const required = new Set(schema.required ?? []);
  const args = Object.entries(schema.properties).map(([name, prop]) => {
    if (!acceptsString(prop)) {
      throw new StartupError(
        `${owner}: argument ${name} of ${definition.input.name} is not a string; MCP prompt arguments are strings`,
      );
    }
    return {
      name,
      ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
      required: required.has(name),
    };
  });
  const d = definition;
  const listing: PromptListing = {
    name: d.name,
    ...(d.title ? { title: d.title } : {}),
    ...(d.description ? { description: d.description } : {}),
    arguments: args,
    ...(d.icons ? { icons: d.icons } : {}),
    ...(d._meta ? { _meta: d._meta } : {}),
  };
  const createInstance = createToolFactory<PromptHandler>(definition, container, secrets);
  return withPipeline<RuntimePrompt>(
    {
      kind: 'prompt',
      name: d.name,
      definition,
      listing,
      fields: args.map((a) => a.name),
      validateInput: compileInputValidator(d.input, schema, d.name, 'prompt'),
      createInstance,
      invoke: (input, ctx) => createInstance(ctx).render(input, ctx),
    },
    server,
  );
}

function acceptsString(schema: JsonSchema): boolean {
  if (schema.type === undefined)
    return schema.enum === undefined || (schema.enum as unknown[]).every((v) => typeof v === 'string');
  return schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));
}
