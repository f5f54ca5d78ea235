import { StartupError } from '../../errors';
import type { CapabilityDefinition } from '../../metadata/types';
import { clientSecretAdvice, describePlaceholder, isUnexpandedPlaceholder } from './client-placeholders';
import { missingSecretsMessage, type MissingSecret } from './missing-secret-message';
import { SecretProviderUnavailable, type SecretContext, type SecretProvider } from './provider';
import { DotenvProvider } from './providers/dotenv';
import { EnvProvider } from './providers/env';
import { KeychainProvider } from './providers/keychain';
import { StaticProvider } from './providers/static';
import { MIN_SECRET_LENGTH, Scrubber } from './scrubber';
import { SecretValue } from './secret-value';

/** The `secrets` option of `createServer`. */
export interface SecretsOptions {
  /**
   * `.env` file to read (never overrides the environment); the server's own settings come from it too. Relative to
   * the project folder (`baseDir`) under `createServer`. Default `.env`; `false`: none.
   */
  envFile?: string | false;
  /** Look in the OS keychain (service `secure-mcp/<server>`). Default `true`. */
  keychain?: boolean;
  /** Custom providers, asked after the built-in ones, in order. */
  providers?: SecretProvider[];
  /**
   * Fixed values (tests, `createTestClient`): asked before everything else, whatever a secret's `provider`
   * restriction says, so a test never picks up a developer's real environment or keychain.
   */
  values?: Record<string, string>;
}

/** One `@Secret` parameter of one tool. */
export interface SecretRequest {
  name: string;
  /** The tool class name, for error messages. */
  tool: string;
  provider?: string;
  optional?: boolean;
}

/** The requests of every `@Secret` parameter of the given tools. */
export function secretRequests(
  tools: readonly Pick<CapabilityDefinition, 'target' | 'secrets'>[],
): SecretRequest[] {
  return tools.flatMap((tool) =>
    tool.secrets.map((s) => ({
      name: s.name,
      tool: tool.target.name,
      provider: s.provider,
      optional: s.optional,
    })),
  );
}

const VALUES_PROVIDER = 'values';

/**
 * Resolves `@Secret`s once, at start-up: environment → `.env` → OS keychain → custom providers, first hit wins.
 * Every value found is added to {@link SecretResolver.scrubber}, which the output, log and audit steps use.
 */
export class SecretResolver {
  readonly scrubber = new Scrubber();
  private readonly ctx: SecretContext;
  private readonly providers: SecretProvider[];
  private readonly overrides?: SecretProvider;
  private readonly envFile?: string;

  constructor(options: SecretsOptions & { server: string }) {
    this.ctx = { server: options.server };
    this.providers = [new EnvProvider()];
    if (options.envFile !== false) {
      this.envFile = options.envFile ?? '.env';
      this.providers.push(new DotenvProvider(this.envFile));
    }
    if (options.keychain !== false) this.providers.push(new KeychainProvider());
    this.providers.push(...(options.providers ?? []));
    if (options.values) this.overrides = new StaticProvider(options.values, VALUES_PROVIDER);
    const names = [...this.providers, ...(this.overrides ? [this.overrides] : [])].map((p) => p.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate)
      throw new StartupError(`two secret providers are named "${duplicate}"; names must be unique`);
  }

  /** Names of the providers asked, in order. */
  get providerNames(): string[] {
    return this.providers.map((p) => p.name);
  }

  /**
   * Resolves every request (a name asked by several tools is looked up once). Returns name → value;
   * `undefined` for a missing optional secret. Throws one {@link StartupError} listing every missing
   * secret with the tools that need it and every place looked; it never contains a secret value.
   */
  async resolveAll(requests: SecretRequest[]): Promise<Map<string, SecretValue | undefined>> {
    const byName = groupByName(requests);
    const results = await Promise.all([...byName].map(([name, group]) => this.resolveOne(name, group)));
    const missing = results.filter((r): r is MissingSecret => 'looked' in r);
    if (missing.length > 0) {
      throw new StartupError(this.scrubber.scrub(missingSecretsMessage(missing, this.ctx.server)));
    }
    const resolved = new Map<string, SecretValue | undefined>();
    for (const r of results as { name: string; value?: SecretValue }[]) resolved.set(r.name, r.value);
    return resolved;
  }

  private async resolveOne(
    name: string,
    group: SecretRequest[],
  ): Promise<{ name: string; value?: SecretValue } | MissingSecret> {
    const tools = [...new Set(group.map((r) => r.tool))];
    const restriction = restrictionOf(name, group);
    const chain = this.chainFor(name, restriction);
    const looked: string[] = [];
    const unavailable: string[] = [];
    for (const provider of chain) {
      let value: string | undefined;
      let note = '';
      try {
        const got: unknown = await provider.get(name, this.ctx);
        if (got !== undefined && got !== null && typeof got !== 'string') {
          throw new Error(`returned a ${typeof got}, not a string`);
        }
        value = got || undefined; // null and '' mean "not here"
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const isUnavailable = error instanceof SecretProviderUnavailable;
        if (isUnavailable) unavailable.push(provider.name);
        note = isUnavailable ? ` (unavailable: ${message})` : ` (failed: ${cap(message)})`;
      }
      const where = provider.describe?.(name, this.ctx) ?? `provider ${provider.name}`;
      if (value !== undefined) {
        if (isUnexpandedPlaceholder(value)) throw placeholderError(name, tools, where, value);
        if (value.length < MIN_SECRET_LENGTH) {
          throw new StartupError(
            `Secret ${name} needed by ${tools.join(', ')} (from ${where}) is ${value.length} characters long; ` +
              `secrets shorter than ${MIN_SECRET_LENGTH} characters are refused because they cannot be ` +
              `redacted from output reliably.`,
          );
        }
        this.scrubber.add(value);
        return { name, value: new SecretValue(value) };
      }
      if (provider !== this.overrides) looked.push(where + note);
    }
    if (group.every((r) => r.optional)) return { name };
    return { name, tools, looked, restriction, unavailable, envFile: this.envFile };
  }

  private chainFor(name: string, restriction: string | undefined): SecretProvider[] {
    const head = this.overrides ? [this.overrides] : [];
    if (restriction === undefined) return [...head, ...this.providers];
    const only = this.providers.find((p) => p.name === restriction);
    if (!only) {
      throw new StartupError(
        `Secret ${name} asks for provider "${restriction}", which is not configured ` +
          `(configured: ${this.providerNames.join(', ')})`,
      );
    }
    return [...head, only];
  }
}

function groupByName(requests: SecretRequest[]): Map<string, SecretRequest[]> {
  const byName = new Map<string, SecretRequest[]>();
  for (const r of requests) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return byName;
}

// One name is one value (the scrubber and the CLI's catalog assume it), so tools must agree on where it lives.
function restrictionOf(name: string, group: SecretRequest[]): string | undefined {
  const providers = new Set(group.map((r) => r.provider));
  if (providers.size > 1) {
    const who = group.map((r) => `${r.tool} (${r.provider ?? 'any provider'})`).join(', ');
    throw new StartupError(`Secret ${name} is requested from different providers: ${who}`);
  }
  return group[0].provider;
}

// The client passed its placeholder through unexpanded: using it as the secret would send it upstream.
function placeholderError(name: string, tools: string[], where: string, value: string): StartupError {
  return new StartupError(
    `Secret ${name} needed by ${tools.join(', ')} (from ${where}) is the unexpanded placeholder ` +
      `${describePlaceholder(value)}, not a value: the MCP client that started this server passed it through ` +
      `literally. How each client passes a secret:\n- ${clientSecretAdvice(name).join('\n- ')}`,
  );
}

function cap(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
