import { AsyncLocalStorage } from 'node:async_hooks';
import type { Call } from './pipeline/types';

/**
 * The call whose code is running, across its timers and promises: lets a process-level failure (a tool's
 * floating promise, a throw in its timer) be attributed to the tool and call that caused it.
 */
export const callScope = new AsyncLocalStorage<Call>();
