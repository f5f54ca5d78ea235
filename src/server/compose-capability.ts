import { compose } from './pipeline/compose';
import { PIPELINE } from './pipeline/order';
import type { Step } from './pipeline/types';
import type { AnyRuntime } from './runtime-tool';
import type { ServerRuntime } from './server-runtime';

/**
 * Adds the composed pipeline to a built capability: every step factory of `order.ts` is asked once, and those
 * that do not apply to this capability (its kind, its decorators, the server's options) are left out.
 */
export function withPipeline<T extends AnyRuntime>(capability: Omit<T, 'run'>, server: ServerRuntime): T {
  const built = capability as T & { run?: T['run'] };
  const steps: Step[] = [];
  const names: string[] = []; // for the telemetry step events
  for (const factory of PIPELINE) {
    const step = factory(built, server);
    if (!step) continue;
    steps.push(step);
    names.push(factory.name);
  }
  built.run = compose(steps, names);
  return built;
}
