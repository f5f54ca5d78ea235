import 'reflect-metadata';

/** `secure-mcp/testing`: drive a real server with the SDK's real client, in memory. */
export { createTestClient } from './create-test-client';
export type {
  ContentBlock,
  ElicitationAnswer,
  ElicitationRequest,
  TestCallResult,
  TestClient,
  TestClientOptions,
} from './create-test-client';
