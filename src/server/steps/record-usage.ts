import { UsageRecorder } from '../../audit/usage';
import type { StepFactory } from '../pipeline/types';

/**
 * Notes the server's last call in the per-user usage file, so `secure-mcp audit` can report servers that are
 * configured but unused. Throttled to one write a minute and never awaited: it costs a map lookup per call.
 */
export const recordUsage: StepFactory = (_tool, server) => {
  if (!server.container.isRegistered(UsageRecorder)) return undefined;
  const recorder = server.container.resolve(UsageRecorder);
  const name = server.name;
  return async (_call, next) => {
    void recorder.record(name);
    await next();
  };
};
