import type { Container } from '../../container/container';
import { StartupError } from '../../errors';
import { ownerLabel } from '../../metadata/read-common';
import type { ResourceDefinition, ResourceHandler } from '../../metadata/types';
import { assertDtoFullyValidated } from '../../validation/dto-checks';
import { compileInputValidator } from '../../validation/input-validator';
import { dtoToJsonSchema } from '../../validation/json-schema';
import { withPipeline } from '../compose-capability';
import type { ResourceListing, RuntimeResource } from '../runtime-tool';
import type { ServerRuntime } from '../server-runtime';
import { createToolFactory, type SecretLookup } from '../tool-factory';
import { compileTemplate } from './uri-template';

/**
 * Everything that can be done once for a resource: the template matcher, the params validator (the same
 * JSON Schema + class-validator path as tool input), the instance factory and the composed pipeline.
 */
export function buildResource(
  definition: ResourceDefinition,
  server: ServerRuntime,
  container: Container,
  secrets: SecretLookup,
): RuntimeResource {
  const owner = ownerLabel(definition.target, 'resource', definition.name);
  assertDtoFullyValidated(definition.input, owner);
  const schema = dtoToJsonSchema(definition.input);
  let match: RuntimeResource['match'];
  let fields: readonly string[] = [];
  if (definition.uriTemplate) {
    const template = compileTemplate(definition.uriTemplate, owner);
    const properties = Object.keys(schema.properties);
    const unknown = template.variables.filter((v) => !properties.includes(v));
    const unfed = (schema.required ?? []).filter((p) => !template.variables.includes(p));
    if (unknown.length || unfed.length) {
      throw new StartupError(
        `${owner}: the params DTO ${definition.input.name} and ${definition.uriTemplate} must name the same ` +
          `variables (${[...unknown.map((v) => `${v} has no field`), ...unfed.map((p) => `${p} is not in the template`)].join(', ')})`,
      );
    }
    match = template.match;
    fields = template.variables;
  }
  const d = definition;
  const listing: ResourceListing = {
    name: d.name,
    ...(d.uri ? { uri: d.uri } : { uriTemplate: d.uriTemplate }),
    ...(d.title ? { title: d.title } : {}),
    ...(d.description ? { description: d.description } : {}),
    ...(d.mimeType ? { mimeType: d.mimeType } : {}),
    ...(d.size !== undefined && d.uri ? { size: d.size } : {}),
    ...(d.icons ? { icons: d.icons } : {}),
    ...(d.annotations ? { annotations: d.annotations } : {}),
    ...(d._meta ? { _meta: d._meta } : {}),
  };
  const createInstance = createToolFactory<ResourceHandler>(definition, container, secrets);
  return withPipeline<RuntimeResource>(
    {
      kind: 'resource',
      name: d.name,
      definition,
      listing,
      match,
      fields,
      validateInput: compileInputValidator(d.input, schema, d.name, 'resource'),
      createInstance,
      invoke: d.hasParams
        ? (input, ctx) => createInstance(ctx).read(input, ctx)
        : (_input, ctx) => createInstance(ctx).read(ctx),
    },
    server,
  );
}
