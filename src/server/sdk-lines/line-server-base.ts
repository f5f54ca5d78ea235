import type { LineRequest, LineServer, LineTransport } from './types';

/** What both SDK lines' `Server` classes offer under the same names (their handler registration differs). */
export interface SdkServerCommon {
  getClientCapabilities(): Record<string, unknown> | undefined;
  notification(notification: LineRequest): Promise<void>;
  connect(transport: LineTransport): Promise<void>;
  close(): Promise<void>;
  onclose?: () => void;
}

/**
 * The part of a {@link LineServer} that is the same on both lines; each line's adapter adds `onRequest` and
 * `onNotification`, where the SDKs differ (schemas on 1.x, method names on 2.x).
 */
export abstract class LineServerBase<S extends SdkServerCommon> implements LineServer {
  constructor(protected readonly server: S) {}

  abstract onRequest: LineServer['onRequest'];
  abstract onNotification: LineServer['onNotification'];

  clientCapabilities = (): Record<string, unknown> | undefined => this.server.getClientCapabilities();
  notify = (notification: LineRequest) => this.server.notification(notification);
  connect = (transport: LineTransport) => this.server.connect(transport);
  close = () => this.server.close();
  onClose = (listener: () => void) => {
    const previous = this.server.onclose;
    this.server.onclose = () => {
      previous?.();
      listener();
    };
  };
}
