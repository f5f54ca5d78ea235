import { CallDenied } from '../../errors';
import { InFlightCalls } from '../in-flight';
import type { StepFactory } from '../pipeline/types';

/**
 * Refuses calls that arrive while the server shuts down (stdin closed, SIGTERM): the calls already running
 * get the grace period, new ones a denial the client can act on, audited like any other.
 */
export const shutdownGate: StepFactory = (tool, server) => {
  const inFlight = server.container.resolve(InFlightCalls);
  return async (_call, next) => {
    if (!inFlight.accepting) {
      throw new CallDenied('shutting-down', `the server is shutting down; ${tool.name} was not run`);
    }
    await next();
  };
};
