import type { ToolContext } from '../context';
import type { ToolDefinition, ToolHandler } from '../metadata/types';
import type { InputValidator } from '../validation/input-validator';
import type { ObjectSchema } from '../validation/json-schema';
import type { Call } from './pipeline/types';

/** A tool as `tools/list` shows it. */
export interface ToolListing {
  name: string;
  title?: string;
  description: string;
  inputSchema: ObjectSchema;
  outputSchema?: ObjectSchema;
  annotations: ToolDefinition['annotations'];
}

/** A tool ready to serve: everything derivable from its class, computed once at start-up. */
export interface RuntimeTool {
  readonly name: string;
  readonly definition: ToolDefinition;
  readonly listing: ToolListing;
  readonly validateInput: InputValidator;
  /** Problems of a structured result against the output schema (empty when valid); absent without `output`. */
  readonly checkOutput?: (value: unknown) => string[];
  /** A fresh instance per call, with its dependencies injected (no per-call state shared between calls). */
  readonly createInstance: (ctx: ToolContext) => ToolHandler;
  /** The tool's composed pipeline. */
  readonly run: (call: Call) => Promise<void>;
}
