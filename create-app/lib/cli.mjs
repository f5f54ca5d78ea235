import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import * as p from '@clack/prompts';
import { detectPackageManager, parseCliArgs, TEMPLATES, USAGE, UsageError } from './args.mjs';
import { nextSteps } from './next-steps.mjs';
import { DEFAULT_SDK_LINE, SDK_LINE_ORDER, SDK_LINES, sdkValues } from './sdk-lines.mjs';
import { ciValues } from './ci.mjs';
import {
  existingEntries,
  frameworkSpec,
  frameworkTarball,
  nameProblems,
  ownVersion,
  prepare,
  suggestName,
  templateInfo,
  vendorFramework,
  write,
} from './scaffold.mjs';

const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 };
const DEFAULT_DIR = 'my-mcp-server';

class Cancelled extends Error {}

/** Runs the command; returns the exit code instead of exiting, so it can be tested in-process. */
export async function main(
  argv,
  { cwd = process.cwd(), stdin = process.stdin, stdout = process.stdout } = {},
) {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`create-secure-mcp: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.help) return (console.log(USAGE), EXIT.ok);
  if (args.version) return (console.log(ownVersion()), EXIT.ok);

  // Never wait for an answer that cannot come: CI, pipes and --yes take the defaults.
  const interactive = !args.yes && Boolean(stdin.isTTY && stdout.isTTY);
  const ui = interactive ? clackUi() : plainUi();
  try {
    return await create(args, { cwd, interactive, ui });
  } catch (error) {
    if (error instanceof Cancelled) {
      ui.cancel('Cancelled: nothing more was written.');
      return EXIT.cancelled;
    }
    if (error instanceof UsageError) {
      ui.error(error.message);
      return EXIT.usage;
    }
    ui.error(error.message);
    return EXIT.failed;
  }
}

async function create(args, { cwd, interactive, ui }) {
  ui.intro(`create-secure-mcp ${ownVersion()}`);

  const dir =
    args.dir ??
    (interactive
      ? await ask(
          p.text({
            message: 'Where should the project go?',
            placeholder: DEFAULT_DIR,
            defaultValue: DEFAULT_DIR,
            validate: (value) => (value && !value.trim() ? 'Enter a folder name' : undefined),
          }),
        )
      : DEFAULT_DIR);
  const target = path.resolve(cwd, dir.trim());

  let name = args.name ?? suggestName(target);
  if (args.name !== undefined || !interactive) {
    if (name === undefined) {
      throw new UsageError(
        `"${path.basename(target)}" cannot be turned into an npm package name; pass --name <package-name>`,
      );
    }
    const problems = nameProblems(name);
    if (problems.length) throw new UsageError(`invalid package name "${name}": ${problems.join('; ')}`);
  } else if (name === undefined) {
    name = await ask(
      p.text({
        message: 'Package name',
        validate: (value) => {
          const problems = nameProblems(value ?? '');
          return problems.length ? problems.join('; ') : undefined;
        },
      }),
    );
  }

  const template =
    args.template ??
    (interactive
      ? await ask(
          p.select({
            message: 'Which template?',
            options: Object.entries(TEMPLATES).map(([value, hint]) => ({ value, label: value, hint })),
            initialValue: 'minimal',
          }),
        )
      : 'minimal');

  const sdk =
    args.sdk ??
    (interactive
      ? await ask(
          p.select({
            message: 'Which MCP SDK line?',
            options: SDK_LINE_ORDER.map((value) => ({
              value,
              label:
                value === DEFAULT_SDK_LINE ? `${SDK_LINES[value].name} (recommended)` : SDK_LINES[value].name,
              hint: SDK_LINES[value].hint,
            })),
            initialValue: DEFAULT_SDK_LINE,
          }),
        )
      : DEFAULT_SDK_LINE);

  const entries = await existingEntries(target);
  if (entries.length > 0 && !args.force) {
    throw new UsageError(
      `${target} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); ` +
        'choose another directory, or pass --force to write into it (replaced files are listed)',
    );
  }

  const packageManager = args.packageManager ?? detectPackageManager();
  const serverName = name.replace(/^@[^/]+\//, '');
  const files = await prepare(
    target,
    template,
    {
      NAME: name,
      SERVER_NAME: serverName,
      FRAMEWORK: frameworkSpec(args.framework, cwd),
      ...ciValues(packageManager),
      ...sdkValues(sdk),
    },
    { sdk },
  );

  // --force lets us write into a used folder, but a file is never replaced without saying which.
  const replaced = files.filter((f) => f.status === 'overwrite').map((f) => f.target);
  if (replaced.length > 0) {
    ui.warn(`These existing files will be replaced:\n${replaced.map((f) => `  ${f}`).join('\n')}`);
    if (interactive && !(await ask(p.confirm({ message: 'Replace them?', initialValue: false })))) {
      throw new Cancelled();
    }
  }

  let install = args.install;
  if (install && interactive && args.packageManager === undefined) {
    install = await ask(
      p.confirm({ message: `Install dependencies with ${packageManager}?`, initialValue: true }),
    );
  }

  await write(files);
  const tarball = frameworkTarball(args.framework, cwd);
  if (tarball) {
    // Copied, not referenced by a machine path: CI and teammates install the same build from the repository.
    ui.info(
      `Copied ${path.basename(tarball)} to ${path.join(target, 'vendor')} (commit it with the project)`,
    );
    await vendorFramework(tarball, target);
  } else if (FRAMEWORK_SPEC_IS_PATH.test(frameworkSpec(args.framework, cwd))) {
    ui.warn(
      `--framework ${args.framework} is a folder: package.json depends on it by this machine's path, which CI ` +
        'cannot install; use a .tgz from `npm pack` (it is copied into the project) or a published version',
    );
  }
  ui.success(
    `Created ${name} (${template}, MCP SDK ${SDK_LINES[sdk].name}) in ${target}: ${files.filter((f) => f.status === 'create').length} new` +
      (replaced.length ? `, ${replaced.length} replaced` : '') +
      ' files',
  );

  let installed = false;
  if (install) {
    ui.info(`Installing dependencies with ${packageManager}...`);
    installed = run(packageManager, installArgs(packageManager), target, 'inherit') === 0;
    if (!installed) {
      throw new Error(
        `${packageManager} install failed (see above). The project is in ${target}; fix the problem and run ` +
          `\`${packageManager} install\` there.`,
      );
    }
  }

  if (args.git) initGit(target, ui);

  ui.outro(
    nextSteps({ dir: target, cwd, serverName, packageManager, installed, info: templateInfo(template) }),
  );
  return EXIT.ok;
}

const FRAMEWORK_SPEC_IS_PATH = /^file:/;

function installArgs(pm) {
  // No audit/fund chatter: `npm run audit` (secure-mcp audit) is the project's own review step.
  return pm === 'npm' ? ['install', '--no-audit', '--no-fund'] : ['install'];
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {'pipe' | 'inherit' | 'ignore'} [stdio]
 */
function run(command, args, cwd, stdio = 'pipe') {
  const result = spawnSync(command, args, { cwd, stdio, shell: process.platform === 'win32' });
  if (result.error) return -1;
  return result.status;
}

// Settings of a repository we did not create must not run anything: no fsmonitor, no hooks.
const SAFE_GIT = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];

/**
 * A repository with one commit, unless the folder is already inside one or git is missing. A folder that
 * arrives with its own `.git` (even a broken one) is left alone: re-initialising it would keep its config,
 * and `git add` would then run the `core.fsmonitor` command planted there.
 */
function initGit(dir, ui) {
  if (lstatSync(path.join(dir, '.git'), { throwIfNoEntry: false })) {
    return ui.warn(`${path.join(dir, '.git')} already exists: git init skipped (git was not run in it)`);
  }
  const git = (args) => run('git', [...SAFE_GIT, ...args], dir);
  if (git(['--version']) !== 0) return ui.warn('git not found: skipped git init');
  if (git(['rev-parse', '--is-inside-work-tree']) === 0) return;
  if (git(['init', '-q']) !== 0) return ui.warn('git init failed: skipped');
  git(['add', '-A']);
  if (git(['commit', '-q', '-m', 'Initial commit from create-secure-mcp']) !== 0) {
    ui.warn('git repository created, but not committed (set user.name and user.email, then commit)');
  }
}

async function ask(promise) {
  const value = await promise;
  if (p.isCancel(value)) throw new Cancelled();
  return value;
}

function clackUi() {
  return {
    intro: (m) => p.intro(m),
    outro: (m) => p.outro(m),
    info: (m) => p.log.info(m),
    success: (m) => p.log.success(m),
    warn: (m) => p.log.warn(m),
    error: (m) => p.log.error(m),
    cancel: (m) => p.cancel(m),
  };
}

function plainUi() {
  return {
    intro: (m) => console.log(m),
    outro: (m) => console.log(`\n${m}`),
    info: (m) => console.log(m),
    success: (m) => console.log(m),
    warn: (m) => console.error(`warning: ${m}`),
    error: (m) => console.error(`create-secure-mcp: ${m}`),
    cancel: (m) => console.error(m),
  };
}
