import { parseArgs } from 'node:util';
import { DEFAULT_SDK_LINE, SDK_LINES } from './sdk-lines.mjs';

export const TEMPLATES = {
  minimal: 'One read-only tool: the smallest secure server to grow from',
  filesystem: 'Read and write files inside allowed folders only (SafeFs)',
  'http-api': 'Call one allow-listed HTTP API with a secret API key (SafeFetch)',
  aws: 'Read S3 objects and DynamoDB items with least-privilege IAM',
};
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn'];

/** A mistake in how the command was called: reported with usage help, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm create secure-mcp@latest [dir] -- [options]

Options:
  --template <name>          ${Object.keys(TEMPLATES).join(' | ')}
  --name <package-name>      package name (default: the directory name)
  --sdk <line>               MCP SDK line: 2 (@modelcontextprotocol/server) | 1 (@modelcontextprotocol/sdk)
                             (default: ${DEFAULT_SDK_LINE}, the newer)
  --yes, -y                  accept defaults, never prompt
  --no-install               do not install dependencies
  --no-git                   do not initialise a git repository
  --package-manager <pm>     ${PACKAGE_MANAGERS.join(' | ')} (default: the one running this command)
  --framework <spec>         secure-mcp dependency: npm version/spec, a folder or a .tgz
  --force                    write into a non-empty directory (files it replaces are listed)
  --help, -h                 show this help
  --version, -v              show the version`;

/**
 * Parses argv strictly: an unknown option is an error rather than silently ignored, because a typo such
 * as `--no-instal` would otherwise change what the command does without telling.
 */
export function parseCliArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        template: { type: 'string', short: 't' },
        name: { type: 'string' },
        sdk: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        'no-install': { type: 'boolean' },
        'no-git': { type: 'boolean' },
        'package-manager': { type: 'string' },
        framework: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(
      `expected at most one directory, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  if (values.template !== undefined && !Object.hasOwn(TEMPLATES, values.template)) {
    throw new UsageError(
      `unknown template "${values.template}"; choose one of: ${Object.keys(TEMPLATES).join(', ')}`,
    );
  }
  const sdk = values.sdk?.trim().replace(/\.x$/, '');
  if (sdk !== undefined && !Object.hasOwn(SDK_LINES, sdk)) {
    throw new UsageError(`unknown MCP SDK line "${values.sdk}"; choose 2 (the newer) or 1`);
  }
  const pm = values['package-manager'];
  if (pm !== undefined && !PACKAGE_MANAGERS.includes(pm)) {
    throw new UsageError(`unknown package manager "${pm}"; choose one of: ${PACKAGE_MANAGERS.join(', ')}`);
  }
  if (values.framework !== undefined && values.framework.trim() === '') {
    throw new UsageError('--framework needs a value: a version, an npm spec, a folder or a .tgz');
  }
  return {
    dir: positionals[0],
    template: values.template,
    name: values.name,
    sdk,
    yes: values.yes === true,
    install: values['no-install'] !== true,
    git: values['no-git'] !== true,
    packageManager: pm,
    framework: values.framework,
    force: values.force === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/** The package manager that runs us (`npm create`, `pnpm create`, `yarn create`), from its user agent. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent ?? '') {
  const name = userAgent.split('/')[0];
  return PACKAGE_MANAGERS.includes(name) ? name : 'npm';
}
