import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runAudit } from './commands/audit';
import { runAdd } from './commands/add';
import { runCall } from './commands/call';
import { runDev } from './commands/dev';
import { runAuditVerify } from './commands/audit-verify';
import { runIamPolicy } from './commands/iam-policy';
import { runPolicyCheck } from './commands/policy';
import {
  runSecretsGet,
  runSecretsList,
  runSecretsRemove,
  runSecretsRotate,
  runSecretsSet,
} from './commands/secrets';
import { runTools } from './commands/tools';
import { EXIT, type CliDeps } from './deps';
import { EntryLoadError } from './entry/load-entry';
import { PolicyError } from '../security/policy';
import { KeychainUnavailableError } from '../security/secrets/keychain';
import { packageVersion } from './version';

const ENTRY_HELP = 'built entry module to load (default: package.json "secure-mcp".entry, "main" or "bin")';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** Builds the `secure-mcp` command; each action stores its exit code in `result.code`. */
function buildProgram(deps: CliDeps, result: { code: number }): Command {
  const set = (p: Promise<number>) => p.then((c) => void (result.code = c));
  const program = new Command('secure-mcp')
    .description('Audit MCP servers and client configs; manage secrets, tool posture and IAM policies')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.out(s.replace(/\n$/, '')),
      writeErr: (s) => deps.err(s.replace(/\n$/, '')),
    })
    .showHelpAfterError();

  program
    .command('call <tool>')
    .description(
      "Start the built server over stdio, call one tool through the MCP SDK client, print the result (server's stderr shown)",
    )
    .option('--args <json>', 'the arguments, a JSON object')
    .option('--entry <module>', 'the built server (default: package.json "main", else dist/server.js)')
    .option('--project <dir>', 'project folder', '.')
    .option('--json', 'print the whole result as JSON')
    .action((tool: string, o) => set(runCall(tool, o, deps)));

  program
    .command('dev [entry]')
    .description(
      'Serve the TypeScript server over stdio without a build, restarting on changes (default src/server.ts)',
    )
    .option('--project <dir>', 'project folder', '.')
    .option('--no-watch', 'do not restart on changes')
    .action((entry: string | undefined, o) => set(runDev(entry, o, deps)));

  program
    .command('add <kind> <name>')
    .description('Generate a tool, resource or prompt class (with its DTO) and a passing test')
    .option('--project <dir>', 'project folder', '.')
    .action((kind: string, name: string, o) => set(runAdd(kind, name, o, deps)));

  const audit = program
    .command('audit')
    .description('Review a project and the MCP client configs on this machine')
    .option('--project <dir>', 'project folder', '.')
    .option('--client-config <file...>', 'read only these client config files')
    .option('--home <dir>', 'home folder to look for client configs in')
    .option('--entry <module>', 'read tools from a built entry module instead of scanning sources')
    .option('--no-clients', 'skip client configs')
    .addOption(new Option('--json', 'JSON output').conflicts('sarif'))
    .addOption(new Option('--sarif', 'SARIF 2.1.0 output (GitHub code scanning)').conflicts('json'))
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 at or above this severity (default: policy failOn, else high)',
      ).choices(['low', 'medium', 'high']),
    )
    .option('--unused-days <n>', 'report servers unused for this many days', positiveInt, 30)
    .option(
      '--max-files <n>',
      'stop the project walk after this many files (reported as scan-incomplete)',
      positiveInt,
    )
    .option(
      '--max-entries <n>',
      'stop the project walk after this many folder entries (reported)',
      positiveInt,
    )
    .action((o) => set(runAudit(o, deps)));
  audit
    .command('verify <file>')
    .description(
      "Check an audit log's hash chain (with its rotated files and per-process segments); exit 1 and the first bad record on tampering",
    )
    .option('--anchor-secret <name>', 'check signed checkpoints with this secret (env, .env, keychain)')
    .option('--server <name>', 'server name for the keychain lookup of --anchor-secret')
    .option('--anchors <file>', 'compare with the external anchor file (audit.anchor.file)')
    .action((file: string, o: { anchorSecret?: string; server?: string; anchors?: string }) =>
      set(runAuditVerify(file, deps, o)),
    );

  program
    .command('tools')
    .description("Print each tool's posture")
    .option('--project <dir>', 'project folder', '.')
    .option('--entry <module>', ENTRY_HELP)
    .option('--json', 'JSON output')
    .action((o) => set(runTools(o, deps)));

  program
    .command('iam-policy')
    .description('Merge every @IamPolicy into one least-privilege IAM policy document')
    .option('--project <dir>', 'project folder', '.')
    .option('--entry <module>', ENTRY_HELP)
    .option('--read-only', 'only the permissions of @ReadOnly tools')
    .action((o) => set(runIamPolicy(o, deps)));

  program
    .command('policy')
    .description('Team policy (secure-mcp.config.json)')
    .command('check')
    .description('Load the policy with its extends and check every tool against it')
    .option('--project <dir>', 'project folder', '.')
    .option('--entry <module>', ENTRY_HELP)
    .option('--json', 'JSON output')
    .action((o) => set(runPolicyCheck(o, deps)));

  const secrets = program
    .command('secrets')
    .description('Secrets in the OS keychain; names and dates recorded for rotation');
  // Required: the keychain service is `secure-mcp/<name given to createServer>`, which only the user knows here.
  const server = () =>
    new Option(
      '--server <name>',
      'the server name given to createServer (keychain service secure-mcp/<name>)',
    ).makeOptionMandatory();
  secrets
    .command('set <name>')
    .description('Store a secret read from stdin or a hidden prompt')
    .addOption(server())
    .action((n: string, o) => set(runSecretsSet(n, o, deps)));
  secrets
    .command('rotate <name>')
    .description('Replace an existing secret (value from stdin or a hidden prompt)')
    .addOption(server())
    .action((n: string, o) => set(runSecretsRotate(n, o, deps)));
  secrets
    .command('get <name>')
    .description('Tell whether a secret is set (the value only with --reveal)')
    .addOption(server())
    .option('--reveal', 'print the value')
    .action((n: string, o) => set(runSecretsGet(n, o, deps)));
  secrets
    .command('remove <name>')
    .description('Delete a secret and its record')
    .addOption(server())
    .action((n: string, o) => set(runSecretsRemove(n, o, deps)));
  secrets
    .command('list')
    .description('Names and dates of recorded secrets')
    .option('--server <name>', 'only this server')
    .option('--json', 'JSON output')
    .action((o) => set(runSecretsList(o, deps)));
  return program;
}

const KNOWN_ERRORS = [EntryLoadError, PolicyError, KeychainUnavailableError];

/** Runs the CLI with user arguments (no `node` / script), returning the exit code. Never throws. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const result = { code: EXIT.ok as number };
  const program = buildProgram(deps, result);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
        ? EXIT.ok
        : EXIT.usage;
    }
    if (KNOWN_ERRORS.some((k) => e instanceof k)) {
      deps.err(`secure-mcp: ${(e as Error).message}`);
      return EXIT.usage;
    }
    deps.err(`secure-mcp: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.usage;
  }
}
