import type {
  CapabilityDefinition,
  Icon,
  PromptDefinition,
  ResourceDefinition,
  ResourceOptions,
  ToolAnnotations,
  ToolDefinition,
  ToolHandler,
} from '../metadata/types';
import type { InputValidator } from '../validation/input-validator';
import type { ObjectSchema } from '../validation/json-schema';
import type { CallContext } from './call-context';
import type { Call, Operation } from './pipeline/types';

/** A tool as `tools/list` shows it. */
export interface ToolListing {
  name: string;
  title?: string;
  description: string;
  inputSchema: ObjectSchema;
  outputSchema?: ObjectSchema;
  annotations: ToolAnnotations & { readOnlyHint: boolean };
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/** What every served capability (tool, resource, prompt) has once built at start-up. */
export interface RuntimeCapability<D extends CapabilityDefinition = CapabilityDefinition> {
  readonly kind: D['kind'];
  readonly name: string;
  readonly definition: D;
  readonly validateInput: InputValidator;
  /**
   * A fresh instance per call, with its dependencies injected (no per-call state shared between calls) and
   * signal-aware services bound to `ctx.signal`.
   */
  readonly createInstance: (ctx: CallContext) => unknown;
  /** Runs the class's method (`execute`, `read` or `render`) on a fresh instance. */
  readonly invoke: (input: object | undefined, ctx: CallContext) => unknown;
  /** The composed pipeline. */
  readonly run: (call: Call) => Promise<void>;
  /** The composed pipelines of the operations this capability offers (completion, subscription, listing). */
  readonly operations: Partial<Record<Operation, (call: Call) => Promise<void>>>;
}

/** A tool ready to serve: everything derivable from its class, computed once at start-up. */
export interface RuntimeTool extends RuntimeCapability<ToolDefinition> {
  readonly kind: 'tool';
  readonly listing: ToolListing;
  /** Problems of a structured result against the output schema (empty when valid); absent without `output`. */
  readonly checkOutput?: (value: unknown) => string[];
  readonly createInstance: (ctx: CallContext) => ToolHandler;
}

/** A resource as `resources/list` (fixed) or `resources/templates/list` (template) shows it. */
export interface ResourceListing {
  name: string;
  uri?: string;
  uriTemplate?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  icons?: Icon[];
  annotations?: ResourceOptions['annotations'];
  _meta?: Record<string, unknown>;
}

/** A resource ready to serve. */
export interface RuntimeResource extends RuntimeCapability<ResourceDefinition> {
  readonly kind: 'resource';
  readonly listing: ResourceListing;
  /** Template resources: the raw (still encoded) variables when `uri` matches the template, else undefined. */
  readonly match?: (uri: string) => Record<string, string | string[]> | undefined;
  /** The fields a client may complete (template variables). */
  readonly fields: readonly string[];
}

/** A prompt as `prompts/list` shows it. */
export interface PromptListing {
  name: string;
  title?: string;
  description?: string;
  arguments: Array<{ name: string; description?: string; required: boolean }>;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/** A prompt ready to serve. */
export interface RuntimePrompt extends RuntimeCapability<PromptDefinition> {
  readonly kind: 'prompt';
  readonly listing: PromptListing;
  /** The fields a client may complete (the prompt's arguments). */
  readonly fields: readonly string[];
}

/** Any served capability; `kind` tells which. */
export type AnyRuntime = RuntimeTool | RuntimeResource | RuntimePrompt;
