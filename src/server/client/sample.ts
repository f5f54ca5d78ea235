import type { AuditLog } from '../../audit/audit-log';
import type { ToolContext } from '../../context';
import type { SamplingRequest, SamplingResult } from '../../client-context';
import { CallDenied } from '../../errors';
import { denialMessage, retryAfterSeconds } from '../../security/rate-limit/message';
import type { RateLimitCheck } from '../../security/rate-limit/types';
import { clientRequest, type ClientLink, type RequestOrigin } from './client-request';
import type { OutgoingRedactor } from './redact-outgoing';

/** The name sampling limits are kept under (not a valid tool name, so it cannot share a tool's bucket). */
export const SAMPLING_LIMIT_NAME = 'sampling/createMessage';

/**
 * `ctx.sample(request)`: rate limited per principal (the server's `sampling.rateLimit`), scrubbed, sent as
 * `sampling/createMessage` and audited. A refused sample is a `CallDenied('sampling-rate-limit')` with the
 * retry-after, like a rate-limited call.
 */
export async function sample(
  link: ClientLink,
  origin: RequestOrigin & ToolContext,
  audit: AuditLog,
  outgoing: OutgoingRedactor,
  limit: RateLimitCheck,
  request: SamplingRequest,
): Promise<SamplingResult> {
  const { timeoutMs, ...params } = request;
  const clean = outgoing.payload(params);
  const decision = await limit(origin);
  if (!decision.allowed) {
    audit.write({
      auditId: crypto.randomUUID(),
      parentAuditId: origin.auditId,
      request: SAMPLING_LIMIT_NAME,
      tool: origin.name,
      principal: origin.principal.id,
      sessionId: origin.sessionId,
      requestId: origin.requestId,
      outcome: 'denied',
      reason: 'rate-limit',
      durationMs: 0,
    });
    throw new CallDenied('sampling-rate-limit', denialMessage('sampling', decision), {
      meta: { retryAfterSeconds: retryAfterSeconds(decision) },
    });
  }
  const result = await clientRequest<SamplingResult>(link, origin, audit, {
    capability: 'sampling',
    method: 'sampling/createMessage',
    params: clean as unknown as Record<string, unknown>,
    timeoutMs,
    auditArgs: {
      messages: clean.messages.length,
      maxTokens: clean.maxTokens,
      ...(clean.systemPrompt ? { systemPrompt: clean.systemPrompt } : {}),
      lastMessage: clean.messages[clean.messages.length - 1]?.content,
    },
    describe: (r) => ({ outcome: 'success', reason: r.stopReason }),
  });
  return {
    role: result.role,
    content: result.content,
    model: result.model,
    ...(result.stopReason ? { stopReason: result.stopReason } : {}),
  };
}
