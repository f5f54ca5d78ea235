import { AUDIT } from '../metadata/keys';
import type { AuditOptions } from '../metadata/types';

/** Writes one hash-chained audit record per call of this tool (denials are audited for every tool). */
export function Audit(options: AuditOptions = {}): ClassDecorator {
  return (target) => Reflect.defineMetadata(AUDIT, { ...options }, target);
}
