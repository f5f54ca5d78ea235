import { compose } from './pipeline/compose';
import { OPERATIONS, PIPELINE } from './pipeline/order';
import type { Call, Operation, Step, StepFactory } from './pipeline/types';
import type { AnyRuntime } from './runtime-tool';
import type { ServerRuntime } from './server-runtime';

/**
 * Adds the composed pipelines to a built capability: its main one (`run`) and one per {@link Operation} it
 * offers (`operations`). Every step factory is asked once, and those that do not apply to this capability (its
 * kind, its decorators, the server's options) are left out.
 */
export function withPipeline<T extends AnyRuntime>(
  capability: Omit<T, 'run' | 'operations'>,
  server: ServerRuntime,
): T {
  const built = capability as T & { run?: T['run']; operations?: T['operations'] };
  built.run = build(PIPELINE, built, server);
  const operations: Partial<Record<Operation, (call: Call) => Promise<void>>> = {};
  for (const operation of operationsOf(built)) {
    operations[operation] = build(OPERATIONS[operation], built, server, operation);
  }
  built.operations = operations;
  return built;
}

/** Prompts complete their arguments; resources can be subscribed to; templates also complete and list. */
function operationsOf(capability: AnyRuntime): Operation[] {
  if (capability.kind === 'prompt') return ['complete'];
  if (capability.kind !== 'resource') return [];
  return capability.definition.uri !== undefined
    ? ['subscribe', 'unsubscribe']
    : ['subscribe', 'unsubscribe', 'complete', 'list'];
}

function build(
  factories: readonly StepFactory[],
  capability: AnyRuntime,
  server: ServerRuntime,
  operation?: Operation,
): (call: Call) => Promise<void> {
  const steps: Step[] = [];
  const names: string[] = []; // for the telemetry step events
  for (const factory of factories) {
    const step = factory(capability, server, operation);
    if (!step) continue;
    steps.push(step);
    names.push(factory.name);
  }
  return compose(steps, names);
}
