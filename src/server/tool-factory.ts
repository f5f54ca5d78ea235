import type { Container, Token } from '../container/container';
import { StartupError } from '../errors';
import { ownerLabel } from '../metadata/read-common';
import type { CapabilityDefinition } from '../metadata/types';
import { isReadOnlyAware } from '../security/read-only-aware';
import { isSignalAware } from '../security/signal-aware';
import type { CallContext } from './call-context';

/** Values injected for `@Secret` parameters, resolved at start-up by the secrets layer. */
export type SecretLookup = (name: string) => unknown;

const NOT_INJECTABLE = new Set<unknown>([
  undefined,
  Object,
  String,
  Number,
  Boolean,
  Array,
  Function,
  Promise,
  Symbol,
]);

/**
 * Builds the per-call instance factory of a tool, resource or prompt class. Every dependency token is checked at start-up, so an
 * unresolvable dependency stops the server with the class and parameter named instead of failing a call.
 * `@ReadOnly` tools get the read-only form of every `ReadOnlyAware` service, and every tool the form of each
 * `SignalAware` service (SafeFs) bound to the call's signal, so that its work stops with the call.
 */
export function createToolFactory<T = unknown>(
  definition: CapabilityDefinition,
  container: Container,
  secrets: SecretLookup,
): (ctx: CallContext) => T {
  const { target } = definition;
  const owner = ownerLabel(target, definition.kind, definition.name);
  const secretByIndex = new Map(definition.secrets.map((s) => [s.index, s]));
  const arity = Math.max(
    target.length,
    definition.paramTypes.length,
    ...definition.secrets.map((s) => s.index + 1),
  );
  const resolvers: Array<(ctx: CallContext) => unknown> = [];
  for (let index = 0; index < arity; index++) {
    const secret = secretByIndex.get(index);
    if (secret) {
      const value = secrets(secret.name);
      resolvers.push(() => value);
      continue;
    }
    // Metadata holds what `@Inject`/design:paramtypes recorded; NOT_INJECTABLE below refuses the non-tokens.
    const token = (definition.injectTokens.get(index) ?? definition.paramTypes[index]) as Token;
    if (NOT_INJECTABLE.has(token)) {
      throw new StartupError(
        `${owner}: constructor parameter ${index} has no injectable type; ` +
          'use a class type, or @Inject(token) for interfaces and primitives',
      );
    }
    try {
      container.resolve(token);
    } catch (error) {
      throw new StartupError(
        `${owner}: cannot resolve constructor parameter ${index} ` +
          `(${describeToken(token)}): ${firstLine(error)}`,
      );
    }
    const resolve = definition.readOnly
      ? readOnlyResolver(container, token)
      : () => container.resolve(token) as unknown;
    resolvers.push((ctx) => {
      const service = resolve();
      // The call's context, not `ctx.signal`: reading that builds an AbortSignal per call, which SafeFs's
      // checks do not need (SafeFetch reads it when it sends a request).
      return isSignalAware(service) ? service.forCall(ctx) : service;
    });
  }
  return (ctx) => new target(...resolvers.map((r) => r(ctx))) as T;
}

function readOnlyResolver(container: Container, token: Token): () => unknown {
  const views = new WeakMap<object, unknown>();
  return () => {
    const service = container.resolve(token) as unknown;
    if (!isReadOnlyAware(service)) return service;
    let view = views.get(service);
    if (view === undefined) views.set(service, (view = service.asReadOnly()));
    return view;
  };
}

function describeToken(token: unknown): string {
  return typeof token === 'function' ? token.name : String(token);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
