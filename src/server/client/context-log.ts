import type { ClientLog, LogLevel } from '../../client-context';
import type { Class } from '../../metadata/types';
import { sensitivePaths } from '../../security/redaction';
import type { ClientLink, RequestOrigin } from './client-request';
import type { OutgoingRedactor } from './redact-outgoing';

/** Severity order of MCP log levels (RFC 5424), lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];
const SEVERITY = new Map(LOG_LEVELS.map((level, index) => [level, index]));
// winston's npm levels for the server log.
const WINSTON: Record<LogLevel, string> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  alert: 'error',
  emergency: 'error',
};

/** True when the session's level lets a message of `level` through; nothing passes before a level is set. */
export function passes(level: LogLevel, sessionLevel: LogLevel | undefined): boolean {
  return sessionLevel !== undefined && SEVERITY.get(level)! >= SEVERITY.get(sessionLevel)!;
}

const sensitiveByClass = new WeakMap<Function, readonly string[]>();

/** `@Sensitive` paths of a DTO instance's class (none for plain objects), computed once per class. */
function sensitiveOf(value: unknown): readonly string[] {
  if (typeof value !== 'object' || value === null) return [];
  const ctor = (value as object).constructor;
  if (typeof ctor !== 'function' || ctor === Object) return [];
  let paths = sensitiveByClass.get(ctor);
  if (!paths) sensitiveByClass.set(ctor, (paths = sensitivePaths(ctor as Class)));
  return paths;
}

/**
 * `ctx.log`: writes to the server log (winston, stderr/file) and, at or above the level the client set, sends
 * `notifications/message` on the request's stream. The message and data are cleaned by {@link OutgoingRedactor}
 * first, for both destinations.
 */
export function createClientLog(
  link: ClientLink,
  origin: RequestOrigin,
  outgoing: OutgoingRedactor,
): ClientLog {
  const send = async (level: LogLevel, message: string, data?: unknown) => {
    const text = outgoing.text(String(message));
    const clean = data === undefined ? undefined : outgoing.data(data, sensitiveOf(data));
    origin.logger.log(WINSTON[level], text, clean === undefined ? {} : { data: clean });
    if (!passes(level, link.session.logLevel) || origin.signal.aborted) return;
    await link.sendNotification({
      method: 'notifications/message',
      params: {
        level,
        logger: origin.name,
        data: clean === undefined ? text : { message: text, data: clean },
      },
    });
  };
  return {
    debug: (message, data) => send('debug', message, data),
    info: (message, data) => send('info', message, data),
    notice: (message, data) => send('notice', message, data),
    warning: (message, data) => send('warning', message, data),
    error: (message, data) => send('error', message, data),
  };
}
