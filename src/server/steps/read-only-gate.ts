import { CallDenied } from '../../errors';
import type { StepFactory } from '../pipeline/types';

/** In a read-only server, write tools are refused (they are not listed either). */
export const readOnlyGate: StepFactory = (tool, server) => {
  if (!server.readOnly || tool.definition.readOnly) return undefined;
  const message =
    `tool ${tool.name} can modify data and this server runs in read-only mode ` +
    '(readOnly option or SECURE_MCP_READ_ONLY=1); ask the operator to enable writes if this call is intended';
  return async () => {
    throw new CallDenied('read-only', message);
  };
};
