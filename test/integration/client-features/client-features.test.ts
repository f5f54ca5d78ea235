import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { Secret, SecretValue, Sensitive, Tool, type ToolContext } from 'secure-mcp';
import { createTestClient, type ElicitationRequest } from 'secure-mcp/testing';
import { connectInMemory } from '../../../src/server/in-memory';
import { elicitationForm } from '../../../src/validation/elicitation-schema';

const CANARY = 'canary-CLIENTFEAT-not-a-real-secret';
const SENSITIVE = 'canary-sensitive-4471';

class LogInput {
  @IsString() @MaxLength(100) topic!: string;
  @Sensitive() @IsString() @IsOptional() accountKey?: string;
}

class Account {
  @IsString() owner!: string;
  @Sensitive() @IsString() pin!: string;
}

@Tool({ name: 'chatty', description: 'logs at every level', input: LogInput })
class ChattyTool {
  constructor(@Secret('API_TOKEN') private readonly token: SecretValue) {}
  async execute(input: LogInput, ctx: ToolContext) {
    await ctx.log.debug('debug about ' + input.topic);
    await ctx.log.info(`token ${this.token.reveal()} and key ${input.accountKey}`, {
      key: input.accountKey,
      nested: { token: this.token.reveal() },
    });
    const account = Object.assign(new Account(), { owner: 'ann', pin: '9911-secret-pin' });
    await ctx.log.warning('account', account);
    await ctx.log.error('done', new Error(`failed with ${this.token.reveal()}`));
    return 'ok';
  }
}

class Profile {
  @IsString() @MaxLength(20) name!: string;
  @IsOptional() @IsInt() @Min(0) @Max(150) age?: number = 30;
  @IsIn(['red', 'blue']) color: string = 'red';
  @IsBoolean() subscribe = false;
}

class AskInput {
  @Sensitive() @IsString() @IsOptional() accountKey?: string;
}

@Tool({ name: 'ask_profile', description: 'asks the user for a profile', input: AskInput })
class AskTool {
  constructor(@Secret('API_TOKEN') private readonly token: SecretValue) {}
  async execute(input: AskInput, ctx: ToolContext) {
    const answer = await ctx.elicit(
      Profile,
      `Fill in your profile (token ${this.token.reveal()}, key ${input.accountKey ?? ''})`,
    );
    if (answer.action !== 'accept') return `no profile: ${answer.action}`;
    return {
      name: answer.content.name,
      age: answer.content.age,
      isProfile: answer.content instanceof Profile,
    };
  }
}

class Nested {
  @ValidateNested() @Type(() => Profile) profile!: Profile;
}

@Tool({ name: 'ask_nested', description: 'asks with a nested DTO', input: AskInput })
class AskNestedTool {
  async execute(_input: AskInput, ctx: ToolContext) {
    await ctx.elicit(Nested, 'nested?');
    return 'unreachable';
  }
}

@Tool({ name: 'ask_slowly', description: 'asks with a short time budget', input: AskInput, timeoutMs: 150 })
class AskSlowlyTool {
  async execute(_input: AskInput, ctx: ToolContext) {
    await ctx.elicit(Profile, 'anyone there?');
    return 'answered';
  }
}

class SampleInput {
  @IsString() @MaxLength(200) question!: string;
}

@Tool({ name: 'summarize', description: 'asks the model', input: SampleInput })
class SampleTool {
  constructor(@Secret('API_TOKEN') private readonly token: SecretValue) {}
  async execute(input: SampleInput, ctx: ToolContext) {
    const result = await ctx.sample({
      messages: [
        { role: 'user', content: { type: 'text', text: `${input.question} ${this.token.reveal()}` } },
      ],
      systemPrompt: `system ${this.token.reveal()}`,
      maxTokens: 50,
    });
    return result.content.type === 'text' ? `model said: ${result.content.text}` : 'non-text';
  }
}

@Tool({ name: 'list_roots', description: "lists the client's roots", input: SampleInput })
class RootsTool {
  async execute(_input: SampleInput, ctx: ToolContext) {
    return { roots: await ctx.roots() };
  }
}

const secrets = { values: { API_TOKEN: CANARY } };
const records = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('ctx.log', () => {
  it('sends nothing before logging/setLevel, then only messages at or above the level; scrubbed', async () => {
    const t = await createTestClient({ tools: [ChattyTool], secrets });
    const received: any[] = [];
    t.onNotification('notifications/message', (n) => void received.push(n.params));
    expect(t.client.getServerCapabilities()?.logging).toEqual({});

    await t.callTool('chatty', { topic: 'a', accountKey: SENSITIVE });
    expect(received).toEqual([]);

    await t.client.setLoggingLevel('warning');
    await t.callTool('chatty', { topic: 'b', accountKey: SENSITIVE });
    expect(received.map((r) => r.level)).toEqual(['warning', 'error']);

    received.length = 0;
    await t.client.setLoggingLevel('debug');
    await t.callTool('chatty', { topic: 'c', accountKey: SENSITIVE });
    expect(received.map((r) => r.level)).toEqual(['debug', 'info', 'warning', 'error']);
    expect(received[0]).toEqual({ level: 'debug', logger: 'chatty', data: 'debug about c' });
    const all = JSON.stringify(received);
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain(SENSITIVE);
    expect(all).not.toContain('9911-secret-pin'); // @Sensitive field of a DTO instance in data
    expect(received[1].data.message).toBe('token [REDACTED] and key [REDACTED]');
    expect(received[2].data).toEqual({ message: 'account', data: { owner: 'ann', pin: '[REDACTED]' } });
    expect(received[3].data).toEqual({
      message: 'done',
      data: { name: 'Error', message: 'failed with [REDACTED]' },
    });
    await t.close();
  });

  it('keeps the level per session: another connection to the same server gets nothing', async () => {
    const t = await createTestClient({ tools: [ChattyTool], secrets });
    await t.client.setLoggingLevel('debug');
    const other = await connectInMemory(t.server);
    const received: unknown[] = [];
    other.kit.onNotification(other.client, 'notifications/message', (n: unknown) => void received.push(n));
    await other.client.callTool({ name: 'chatty', arguments: { topic: 'x' } });
    expect(received).toEqual([]);
    await other.client.close();
    await t.close();
  });
});

describe('ctx.elicit', () => {
  it('sends a flat schema with defaults, enums and titles; returns a validated DTO instance', async () => {
    const seen: ElicitationRequest[] = [];
    const t = await createTestClient({
      tools: [AskTool],
      secrets,
      onElicit: (request) => {
        seen.push(request);
        return { action: 'accept', content: { name: 'Ann', age: 41, color: 'blue', subscribe: true } };
      },
    });
    const result = await t.callTool('ask_profile', { accountKey: SENSITIVE });
    expect(result.structuredContent).toEqual({ name: 'Ann', age: 41, isProfile: true });
    expect(seen[0].requestedSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 20 },
        age: { type: 'integer', minimum: 0, maximum: 150, default: 30 },
        color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
        subscribe: { type: 'boolean', default: false },
      },
      required: ['name', 'color', 'subscribe'],
    });
    expect(seen[0].message).toBe('Fill in your profile (token [REDACTED], key [REDACTED])');
    const [call, elicitation] = [
      records(t.auditFile).find((r) => !r.request),
      records(t.auditFile).find((r) => r.request),
    ];
    expect(elicitation).toMatchObject({
      request: 'elicitation/create',
      tool: 'ask_profile',
      outcome: 'success',
      reason: 'accept',
    });
    expect(readFileSync(t.auditFile, 'utf8')).not.toContain(CANARY);
    expect(readFileSync(t.auditFile, 'utf8')).not.toContain(SENSITIVE);
    expect(readFileSync(t.auditFile, 'utf8')).not.toContain('Ann'); // the answer is not recorded
    await t.close();
    expect(call).toBeUndefined(); // no @Audit on the tool: only the server→client request is recorded
    expect(elicitation.parentAuditId).toEqual(expect.any(String));
  });

  it('refuses an answer that breaks the DTO rules, naming the field', async () => {
    const t = await createTestClient({
      tools: [AskTool],
      secrets,
      onElicit: () => ({
        action: 'accept',
        content: { name: 'Ann', age: 400, color: 'red', subscribe: false },
      }),
    });
    const result = await t.callTool('ask_profile', {});
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/answer to the request for input is not valid: age/);
    await t.close();
  });

  it('resolves decline and cancel', async () => {
    for (const action of ['decline', 'cancel'] as const) {
      const t = await createTestClient({ tools: [AskTool], secrets, onElicit: () => ({ action }) });
      expect(t.text(await t.callTool('ask_profile', {}))).toBe(`no profile: ${action}`);
      await t.close();
    }
  });

  it('gives a clear ToolError when the client lacks elicitation, and audits it as denied', async () => {
    const t = await createTestClient({ tools: [AskTool], secrets, onElicit: false });
    const result = await t.callTool('ask_profile', {});
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/needs the client to support asking the user for input \(elicitation\)/);
    expect(records(t.auditFile)).toEqual([
      expect.objectContaining({
        request: 'elicitation/create',
        outcome: 'denied',
        reason: 'client-capability',
      }),
    ]);
    await t.close();
  });

  it('refuses a nested DTO with a message naming the class and field', async () => {
    const t = await createTestClient({ tools: [AskNestedTool], logging: { silent: true } });
    const result = await t.callTool('ask_nested', {});
    expect(result.isError).toBe(true);
    expect(() => elicitationForm(Nested)).toThrow(/Nested\.profile cannot be asked through elicitation/);
    await t.close();
  });

  it('aborts the pending request when the client cancels the call', async () => {
    let resolveSeen!: () => void;
    const seen = new Promise<void>((r) => (resolveSeen = r));
    const t = await createTestClient({
      tools: [AskTool],
      secrets,
      onElicit: () => {
        resolveSeen();
        return new Promise(() => {}); // the human never answers
      },
    });
    const controller = new AbortController();
    const pending = t.callTool('ask_profile', {}, { signal: controller.signal });
    await seen;
    controller.abort();
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(records(t.auditFile)).toEqual([
      expect.objectContaining({ request: 'elicitation/create', outcome: 'failure', reason: 'cancelled' }),
    ]);
    await t.close();
  });
});

describe('the tool timeout', () => {
  it('aborts a pending elicitation: the client is told to stop waiting and the request is audited', async () => {
    const cancelled: unknown[] = [];
    const t = await createTestClient({ tools: [AskSlowlyTool], onElicit: () => new Promise(() => {}) });
    t.onNotification('notifications/cancelled', (n) => void cancelled.push(n.params));
    const result = await t.callTool('ask_slowly', {});
    expect(t.text(result)).toBe('tool ask_slowly timed out after 150 ms');
    await new Promise((r) => setTimeout(r, 50));
    expect(cancelled).toHaveLength(1);
    expect(records(t.auditFile)).toEqual([
      expect.objectContaining({ request: 'elicitation/create', outcome: 'failure', reason: 'cancelled' }),
    ]);
    await t.close();
  });
});

describe('ctx.sample', () => {
  it('sends scrubbed messages, returns the answer, audits, and is rate limited per principal', async () => {
    const seen: any[] = [];
    const t = await createTestClient({
      tools: [SampleTool],
      secrets,
      sampling: { rateLimit: { limit: 2, window: '1h' } },
      // Windows are aligned to the clock: a fixed clock keeps the three samples in one window.
      rateLimit: { clock: () => Date.UTC(2026, 0, 1, 12, 0, 30) },
      onSample: (request) => {
        seen.push(request);
        return { role: 'assistant', content: { type: 'text', text: 'short answer' }, model: 'test-model' };
      },
    });
    expect(t.text(await t.callTool('summarize', { question: 'why?' }))).toBe('model said: short answer');
    expect(JSON.stringify(seen)).not.toContain(CANARY);
    expect(seen[0].messages[0].content.text).toBe('why? [REDACTED]');
    await t.callTool('summarize', { question: 'again' });
    const third = await t.callTool('summarize', { question: 'too many' });
    expect(third.isError).toBe(true);
    expect(t.text(third)).toMatch(/rate limit exceeded for sampling; retry in \d+ s/);
    expect(seen).toHaveLength(2);
    const audit = records(t.auditFile);
    expect(audit.map((r) => [r.request, r.outcome])).toEqual([
      ['sampling/createMessage', 'success'],
      ['sampling/createMessage', 'success'],
      ['sampling/createMessage', 'denied'],
      [undefined, 'denied'], // the call itself, refused
    ]);
    expect(readFileSync(t.auditFile, 'utf8')).not.toContain(CANARY);
    await t.close();
  });

  it('gives a clear ToolError when the client lacks sampling', async () => {
    const t = await createTestClient({ tools: [SampleTool], secrets });
    const result = await t.callTool('summarize', { question: 'q' });
    expect(t.text(result)).toMatch(/needs the client to support using the client's model \(sampling\)/);
    await t.close();
  });
});

describe('ctx.roots', () => {
  it("returns the client's roots, refreshed after list_changed; audited", async () => {
    const t = await createTestClient({ tools: [RootsTool], clientRoots: ['/tmp/a'] });
    expect((await t.callTool('list_roots', { question: 'x' })).structuredContent).toEqual({
      roots: [{ uri: 'file:///tmp/a' }],
    });
    await t.callTool('list_roots', { question: 'x' }); // cached: no second roots/list
    await t.setRoots(['/tmp/b']);
    expect((await t.callTool('list_roots', { question: 'x' })).structuredContent).toEqual({
      roots: [{ uri: 'file:///tmp/b' }],
    });
    expect(records(t.auditFile).map((r) => [r.request, r.reason])).toEqual([
      ['roots/list', '1 roots'],
      ['roots/list', '1 roots'],
    ]);
    await t.close();
  });

  it('gives a clear ToolError when the client has no roots', async () => {
    const t = await createTestClient({ tools: [RootsTool] });
    expect(t.text(await t.callTool('list_roots', { question: 'x' }))).toMatch(
      /needs the client to support sharing its roots/,
    );
    await t.close();
  });
});
