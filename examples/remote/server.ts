import 'reflect-metadata';
import { IsString, MaxLength } from 'class-validator';
import { Audit, createServer, ReadOnly, Scopes, Tool, type ToolContext } from 'secure-mcp';

class DocInput {
  @IsString() @MaxLength(100) name!: string;
}

class SaveInput {
  @IsString() @MaxLength(100) name!: string;
  @IsString() @MaxLength(10_000) text!: string;
}

const docs = new Map<string, string>([['welcome', 'Hello from a remote secure-mcp server.']]);

@Tool({ name: 'read_doc', description: 'Read a document', input: DocInput })
@ReadOnly()
@Scopes('docs:read')
export class ReadDocTool {
  execute(input: DocInput, ctx: ToolContext) {
    return `${docs.get(input.name) ?? '(no such document)'} [read by ${ctx.principal.id}]`;
  }
}

@Tool({ name: 'save_doc', description: 'Create or replace a document', input: SaveInput })
@Scopes('docs:write')
@Audit()
export class SaveDocTool {
  execute(input: SaveInput) {
    docs.set(input.name, input.text);
    return `saved ${input.name}`;
  }
}

/**
 * The remote server: Streamable HTTP on 127.0.0.1, JWTs checked against the authorization server's JWKS,
 * audience = the endpoint URL (what clients name as `resource` when they ask for a token). Behind a
 * TLS-terminating proxy, set `publicUrl` (and the audience) to the public https URL instead.
 */
export async function startRemoteServer(options: {
  issuer: string;
  port: number;
  auditFile: string;
  /** Browser origins allowed to call (e.g. the MCP Inspector's `http://localhost:6274`). */
  allowedOrigins?: string[];
}) {
  const server = await createServer({
    name: 'remote-docs',
    version: '1.0.0',
    tools: [ReadDocTool, SaveDocTool],
    audit: { file: options.auditFile },
    policy: false,
    usage: false,
    secrets: { envFile: false, keychain: false },
    logging: { level: 'warn' },
  });
  const endpoint = `http://127.0.0.1:${options.port}/mcp`;
  const listener = await server.listenHttp({
    port: options.port,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    auth: {
      audience: endpoint,
      issuer: options.issuer,
      jwksUrl: `${options.issuer}/jwks.json`,
      challengeScopes: ['docs:read'], // what a client should ask for first; docs:write by step-up
    },
  });
  return { server, listener };
}
