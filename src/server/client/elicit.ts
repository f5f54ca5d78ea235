import type { ElicitOptions, ElicitResult } from '../../client-context';
import type { AuditLog } from '../../audit/audit-log';
import type { Class } from '../../metadata/types';
import { elicitationForm } from '../../validation/elicitation-schema';
import { clientRequest, type ClientLink, type RequestOrigin } from './client-request';
import type { OutgoingRedactor } from './redact-outgoing';

/**
 * `ctx.elicit(Dto, message)`: sends `elicitation/create` with the DTO's flat schema and the scrubbed message;
 * an accepted answer is validated by the DTO's rules (a ToolError names the wrong fields) and returned as an
 * instance. The audit record keeps the message and the field names, never the answer.
 */
export async function elicit<T extends object>(
  link: ClientLink,
  origin: RequestOrigin,
  audit: AuditLog,
  outgoing: OutgoingRedactor,
  dto: Class<T>,
  message: string,
  options: ElicitOptions = {},
): Promise<ElicitResult<T>> {
  const form = elicitationForm(dto);
  const text = outgoing.text(String(message));
  const result = await clientRequest<{
    action: 'accept' | 'decline' | 'cancel';
    content?: Record<string, unknown>;
  }>(link, origin, audit, {
    capability: 'elicitation',
    method: 'elicitation/create',
    params: { mode: 'form', message: text, requestedSchema: outgoing.payload(form.requestedSchema) },
    timeoutMs: options.timeoutMs,
    auditArgs: { message: text, fields: Object.keys(form.requestedSchema.properties) },
    describe: (r) => ({ outcome: 'success', reason: r.action }),
  });
  if (result.action !== 'accept') return { action: result.action };
  return { action: 'accept', content: await form.parse(result.content ?? {}) };
}
