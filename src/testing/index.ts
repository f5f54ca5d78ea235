import 'reflect-metadata';

/** `secure-mcp/testing`: drive a real server with the SDK's real client, in memory. */
export { createTestClient } from './create-test-client';
export type {
  CallOptions,
  ContentBlock,
  ElicitationAnswer,
  ElicitationRequest,
  TestCallResult,
  TestClient,
  TestClientOptions,
  ToolArgs,
} from './create-test-client';
