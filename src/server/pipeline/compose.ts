import type { Call, Step } from './types';

/**
 * Composes steps into one function, koa-compose style: each step gets `next()` to run the rest. Built once per
 * tool at start-up.
 */
export function compose(steps: readonly Step[]): (call: Call) => Promise<void> {
  const dispatch = (index: number, call: Call): Promise<void> => {
    const step = steps[index];
    if (!step) return Promise.resolve();
    let called = false;
    return step(call, () => {
      if (called) return Promise.reject(new Error(`pipeline step ${index} called next() twice`));
      called = true;
      return dispatch(index + 1, call);
    });
  };
  return (call) => dispatch(0, call);
}
