import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'create-app', 'index.mjs');

/**
 * Environment of every child: one shared npm cache (the user's, already warm from the repository's own
 * install), no registry round trips for what it holds, no audit/fund/update chatter, and an empty HOME so
 * nothing reads or writes the developer's keychain, client configs or git identity.
 */
export function childEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME ?? '/root', '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    HOME: home,
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
  };
  // Jest sets these; a generated project's own jest must not inherit them.
  delete env.JEST_WORKER_ID;
  delete env.NODE_ENV;
  delete env.npm_config_user_agent;
  // A generated project runs on the SDK line it installed and pinned, whatever line the suite itself runs on.
  delete env.SECURE_MCP_SDK_LINE;
  return env;
}

export interface Run extends Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'> {
  ms: number;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input = ''): Run {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** Fails with the command's output, so a CI log shows why. */
export function expectOk(r: Run, what: string): Run {
  if (r.status !== 0)
    throw new Error(`${what} exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

/** Every file of a generated project, node_modules left out. */
export function projectFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...projectFiles(full, base));
    else out.push(path.relative(base, full));
  }
  return out.sort();
}

export function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

export { existsSync };

/**
 * Drives the CLI in a pseudo-terminal (util-linux `script`), answering each prompt when it appears, the
 * way a person would. Resolves with the exit code and everything the terminal showed.
 */
export function runInTerminal(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  answers: Array<{ when: RegExp; send: string }>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; screen: string }> {
  const quoted = ['node', CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // A new pseudo-terminal is 0 columns wide, and the prompts would wrap after every character.
  const command = `stty cols 120 rows 40; exec ${quoted}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { ...env, TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let next = 0;
  let answeredUpTo = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`terminal session timed out; screen so far:\n${screen}`));
    }, timeoutMs);
    const onOutput = (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      // Answer only once the prompt is on screen: keys typed earlier would reach a terminal not yet in raw mode.
      // Each prompt is looked for only in what appeared after the previous answer.
      while (next < answers.length && answers[next].when.test(screen.slice(answeredUpTo))) {
        answeredUpTo = screen.length;
        const { send } = answers[next++];
        setTimeout(() => child.stdin.write(send), 150);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
