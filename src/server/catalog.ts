import { StartupError } from '../errors';
import type { CapabilityKind } from '../metadata/types';
import type { AnyRuntime, RuntimePrompt, RuntimeResource, RuntimeTool } from './runtime-tool';

/** A resource found for a URI: the resource and, for a template, its raw (still encoded) variables. */
export interface ResourceMatch {
  resource: RuntimeResource;
  variables?: Record<string, string | string[]>;
}

/**
 * What the server serves right now, shared by every connection: tools, resources (fixed ones indexed by URI,
 * templates in declaration order) and prompts. Adding or removing at run time tells the listeners, which send
 * `notifications/{tools,resources,prompts}/list_changed`.
 */
export class Catalog {
  readonly tools = new Map<string, RuntimeTool>();
  readonly resources = new Map<string, RuntimeResource>();
  readonly prompts = new Map<string, RuntimePrompt>();
  private readonly byUri = new Map<string, RuntimeResource>();
  private templates: RuntimeResource[] = [];
  private readonly listeners = new Set<(kind: CapabilityKind) => void>();

  /** Adds a capability; a name (or fixed URI) already served by the same kind is a {@link StartupError}. */
  add(capability: AnyRuntime): void {
    const clash = this.mapOf(capability.kind).get(capability.name);
    if (clash) {
      throw new StartupError(
        `${capability.definition.target.name}: duplicate ${capability.kind} name "${capability.name}" ` +
          `(already used by ${clash.definition.target.name})`,
      );
    }
    if (capability.kind === 'resource') {
      const uri = capability.definition.uri;
      if (uri !== undefined) {
        const other = this.byUri.get(uri);
        if (other) {
          throw new StartupError(
            `${capability.definition.target.name}: resource uri ${uri} is already served by ${other.definition.target.name}`,
          );
        }
        this.byUri.set(uri, capability);
      } else this.templates.push(capability);
    }
    (this.mapOf(capability.kind) as Map<string, AnyRuntime>).set(capability.name, capability);
    this.changed(capability.kind);
  }

  /** Removes a capability by kind and name; false when there was none. */
  remove(kind: CapabilityKind, name: string): boolean {
    const found = this.mapOf(kind).get(name);
    if (!found) return false;
    this.mapOf(kind).delete(name);
    if (found.kind === 'resource') {
      if (found.definition.uri !== undefined) this.byUri.delete(found.definition.uri);
      else this.templates = this.templates.filter((t) => t !== found);
    }
    this.changed(kind);
    return true;
  }

  /** The resource serving `uri`: a fixed URI first, then the templates in declaration order. */
  findResource(uri: string): ResourceMatch | undefined {
    const fixed = this.byUri.get(uri);
    if (fixed) return { resource: fixed };
    for (const resource of this.templates) {
      const variables = resource.match?.(uri);
      if (variables) return { resource, variables };
    }
    return undefined;
  }

  /** The template resource whose `uriTemplate` is exactly `template` (completion references name templates). */
  findTemplate(template: string): RuntimeResource | undefined {
    return this.templates.find((t) => t.definition.uriTemplate === template);
  }

  /** True when `capability` is the one this catalog serves under its name (not another server's). */
  owns(capability: AnyRuntime): boolean {
    return this.mapOf(capability.kind).get(capability.name) === capability;
  }

  /** Calls `listener(kind)` after every change; returns the function that stops it. */
  onChange(listener: (kind: CapabilityKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(kind: CapabilityKind): void {
    for (const listener of this.listeners) listener(kind);
  }

  private mapOf(kind: CapabilityKind): Map<string, AnyRuntime> {
    if (kind === 'tool') return this.tools;
    return kind === 'resource' ? this.resources : this.prompts;
  }
}
