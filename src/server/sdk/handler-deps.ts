import type { Principal } from '../../context';
import type { Class } from '../../metadata/types';
import type { CallContext } from '../call-context';
import type { Call } from '../pipeline/types';
import type { Catalog } from '../catalog';
import type { Page } from '../pagination';
import type { LineRequestExtra, SdkLine } from '../sdk-lines/types';
import type { ServerRuntime } from '../server-runtime';

/** What the SDK hands a request handler besides the request (the same on both SDK lines). */
export type RequestExtra = LineRequestExtra;

/** What the resource, prompt and completion handlers share with the adapter of one connection. */
export interface HandlerDeps {
  readonly runtime: ServerRuntime;
  /** The SDK line this connection runs on (its protocol error class). */
  readonly line: SdkLine;
  readonly catalog: Catalog;
  principalOf(extra: RequestExtra): Principal;
  /** A fresh call context, as `tools/call` builds it. */
  contextFor(
    name: string,
    extra: RequestExtra,
    progressToken?: string | number,
    input?: { dto: Class; value: () => object | undefined },
  ): CallContext;
  /**
   * The page of a listing that the request's `cursor` names; an invalid cursor is a -32602 error. `list` is the
   * method (`tools/list`...): a cursor is only valid for the list and caller it was issued to.
   */
  page<T>(list: string, items: readonly T[], request: unknown, extra: RequestExtra): Page<T>;
  /** Runs a call's pipeline; never throws (a failure outside the pipeline becomes an internal error). */
  runCall(call: Call): Promise<void>;
}
