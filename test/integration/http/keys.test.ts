import { execFileSync } from 'node:child_process';
import { createSecretKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadOnly, StartupError, Tool, type ToolContext } from '../../../src';
import { AUDIENCE, connectClient, loadJose, startHttp } from './helpers';
import { runs, WhoAmITool, WriteDocsTool } from './tools';

class Empty {}

/** A hostile tool: tries to grant its caller a scope by mutating the principal it was handed. */
@Tool({ name: 'grab_scope', description: 'Tries to add a scope to the caller', input: Empty })
@ReadOnly()
class GrabScopeTool {
  execute(_input: Empty, ctx: ToolContext) {
    (ctx.principal.scopes as string[]).push('docs:write');
    return 'granted';
  }
}

const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0].text;

async function signWith(
  key: Parameters<InstanceType<Awaited<ReturnType<typeof loadJose>>['SignJWT']>['sign']>[0],
  alg: string,
  options: { iat?: number | false } = {},
) {
  const { SignJWT } = await loadJose();
  let jwt = new SignJWT({}).setProtectedHeader({ alg }).setSubject('erin').setAudience(AUDIENCE);
  jwt = jwt.setExpirationTime('5m');
  if (options.iat !== false) jwt = jwt.setIssuedAt(options.iat);
  return jwt.sign(key);
}

describe('auth.key as a PEM public key', () => {
  it('verifies RS256 tokens with a PEM string, and refuses an HS256 token "signed" with the PEM text', async () => {
    const { generateKeyPair, exportSPKI } = await loadJose();
    const pair = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(pair.publicKey);
    const s = await startHttp([WhoAmITool], { auth: { audience: AUDIENCE, key: pem } });
    try {
      const { client } = await connectClient(s.listener.url, await signWith(pair.privateKey, 'RS256'));
      expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('principal=erin');
      await client.close();
      // The classic confusion attack: anyone with the public key uses its text as an HMAC secret.
      const forged = await signWith(new TextEncoder().encode(pem), 'HS256');
      await expect(connectClient(s.listener.url, forged)).rejects.toMatchObject({ code: 401 });
    } finally {
      await s.server.close();
    }
  });

  it('accepts a PEM Buffer and an X.509 certificate, and refuses tokens signed with another key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secure-mcp-keys-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=test-issuer',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const { importPKCS8, generateKeyPair } = await loadJose();
    const privateKey = await importPKCS8(readFileSync(join(dir, 'key.pem'), 'utf8'), 'ES256');
    const other = (await generateKeyPair('ES256')).privateKey;
    const certificate = readFileSync(join(dir, 'cert.pem'));
    for (const key of [certificate, certificate.toString('utf8')]) {
      const s = await startHttp([WhoAmITool], { auth: { audience: AUDIENCE, key } });
      try {
        const { client } = await connectClient(s.listener.url, await signWith(privateKey, 'ES256'));
        expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('principal=erin');
        await client.close();
        await expect(connectClient(s.listener.url, await signWith(other, 'ES256'))).rejects.toMatchObject({
          code: 401,
        });
        const forged = await signWith(new Uint8Array(certificate), 'HS256');
        await expect(connectClient(s.listener.url, forged)).rejects.toMatchObject({ code: 401 });
      } finally {
        await s.server.close();
      }
    }
  });

  it('refuses at start-up an unparseable PEM and a private key', async () => {
    const { generateKeyPair, exportPKCS8 } = await loadJose();
    const privatePem = await exportPKCS8((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const broken =
      '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0\n-----END PUBLIC KEY-----\n';
    for (const [key, message] of [
      [broken, /could not be read as a public key/],
      [Buffer.from(broken), /could not be read as a public key/],
      [privatePem, /private key/],
    ] as const) {
      await expect(startHttp([WhoAmITool], { auth: { audience: AUDIENCE, key } })).rejects.toThrow(message);
    }
  });
});

describe('HMAC keys of every form must be at least 32 bytes', () => {
  const short = randomBytes(16);
  const cases: Array<[string, unknown]> = [
    ['a short string', 'short-canary-secret'],
    ['short bytes (Buffer)', short],
    ['short bytes (Uint8Array)', new Uint8Array(short)],
    ['a short oct JWK', { kty: 'oct', k: short.toString('base64url') }],
    ['a short secret KeyObject', createSecretKey(short)],
  ];
  it.each(cases)('refuses %s at start-up', async (_name, key) => {
    await expect(
      startHttp([WhoAmITool], { auth: { audience: AUDIENCE, key: key as never } }),
    ).rejects.toThrow(StartupError);
    await expect(
      startHttp([WhoAmITool], { auth: { audience: AUDIENCE, key: key as never } }),
    ).rejects.toThrow(/at least 32 bytes/);
  });

  it('accepts 32 random bytes and a 32-byte oct JWK', async () => {
    const secret = randomBytes(32);
    for (const key of [secret, { kty: 'oct', k: secret.toString('base64url') }]) {
      const s = await startHttp([WhoAmITool], { auth: { audience: AUDIENCE, key } });
      try {
        const { client } = await connectClient(s.listener.url, await signWith(secret, 'HS256'));
        expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('principal=erin');
        await client.close();
      } finally {
        await s.server.close();
      }
    }
  });
});

describe('maxTokenAgeSec', () => {
  it('refuses tokens issued too long ago and tokens without iat', async () => {
    const secret = randomBytes(32);
    const s = await startHttp([WhoAmITool], {
      auth: { audience: AUDIENCE, key: secret, maxTokenAgeSec: 60, clockToleranceSec: 0 },
    });
    try {
      const now = Math.floor(Date.now() / 1000);
      const fresh = await connectClient(s.listener.url, await signWith(secret, 'HS256', { iat: now - 10 }));
      await fresh.client.close();
      for (const old of [
        await signWith(secret, 'HS256', { iat: now - 120 }),
        await signWith(secret, 'HS256', { iat: false }),
      ]) {
        await expect(connectClient(s.listener.url, old)).rejects.toMatchObject({ code: 401 });
      }
    } finally {
      await s.server.close();
    }
  });
});

describe('verified tokens are reused only while they are valid, and never changed', () => {
  it('stops accepting a reused token once it is older than maxTokenAgeSec', async () => {
    const secret = randomBytes(32);
    const s = await startHttp([WhoAmITool], {
      auth: { audience: AUDIENCE, key: secret, maxTokenAgeSec: 60, clockToleranceSec: 0 },
    });
    try {
      const bearer = await signWith(secret, 'HS256', { iat: Math.floor(Date.now() / 1000) - 58 });
      const { client } = await connectClient(s.listener.url, bearer);
      await client.listTools();
      await new Promise((r) => setTimeout(r, 3000));
      await expect(client.listTools()).rejects.toMatchObject({ code: 401 });
      await client.close();
    } finally {
      await s.server.close();
    }
  });

  it('gives every request a principal no tool can change (a tool adding itself a scope changes nothing)', async () => {
    const secret = randomBytes(32);
    const s = await startHttp([WhoAmITool, WriteDocsTool, GrabScopeTool], {
      auth: { audience: AUDIENCE, key: secret },
    });
    try {
      const { SignJWT } = await loadJose();
      const bearer = await new SignJWT({ scope: 'docs:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(secret);
      const { client } = await connectClient(s.listener.url, bearer);
      const grabbed = await client.callTool({ name: 'grab_scope', arguments: {} });
      expect(grabbed.isError).toBe(true);
      const before = runs.write;
      await expect(client.callTool({ name: 'write_docs', arguments: {} })).rejects.toMatchObject({
        code: 403,
      });
      expect(runs.write).toBe(before);
      await client.close();
    } finally {
      await s.server.close();
    }
  });
});
