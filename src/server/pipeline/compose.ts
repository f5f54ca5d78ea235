import type { Call, Next, Step } from './types';

/**
 * Composes steps into one function, koa-compose style: each step gets `next()` to run the rest. Built once per
 * tool at start-up. When a call is observed (traced), each step's own time is measured; otherwise the only
 * cost is one property check per step.
 */
export function compose(
  steps: readonly Step[],
  names: readonly string[] = [],
): (call: Call) => Promise<void> {
  const dispatch = (index: number, call: Call): Promise<void> => {
    const step = steps[index];
    if (!step) return Promise.resolve();
    let called = false;
    const next: Next = () => {
      if (called) return Promise.reject(new Error(`pipeline step ${index} called next() twice`));
      called = true;
      return dispatch(index + 1, call);
    };
    return call.observe ? timed(step, names[index] ?? `step-${index}`, call, next) : step(call, next);
  };
  return (call) => dispatch(0, call);
}

async function timed(step: Step, name: string, call: Call, next: Next): Promise<void> {
  const start = performance.now();
  let inner = 0;
  try {
    await step(call, async () => {
      const t = performance.now();
      try {
        await next();
      } finally {
        inner += performance.now() - t;
      }
    });
  } finally {
    call.observe?.(name, performance.now() - start - inner);
  }
}
