import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { EXIT, type CliDeps } from '../deps';

export interface DevOptions {
  project?: string;
  watch?: boolean;
}

const RESTART_DEBOUNCE_MS = 150;

/**
 * `secure-mcp dev [entry.ts]`: runs the TypeScript server without a build (the project's @swc/core compiles
 * on require, with decorator metadata), serving stdio through this process, and restarts it when a file under
 * the entry's folder changes. Use it as the command of the Inspector or a client config while developing.
 */
export function runDev(entryArg: string | undefined, o: DevOptions, deps: CliDeps): Promise<number> {
  const project = resolve(deps.cwd, o.project ?? '.');
  const entry = resolve(project, entryArg ?? 'src/server.ts');
  if (!existsSync(entry)) {
    deps.err(
      `secure-mcp dev: ${entry} does not exist; name the server's entry, e.g. secure-mcp dev src/server.ts`,
    );
    return Promise.resolve(EXIT.usage);
  }
  try {
    Module.createRequire(join(project, 'package.json')).resolve('@swc/core');
  } catch {
    deps.err('secure-mcp dev: @swc/core is not installed in this project: npm install -D @swc/core');
    return Promise.resolve(EXIT.usage);
  }
  const rel = relative(project, entry);
  deps.err(
    `secure-mcp dev: serving ${rel} over stdio without a build${o.watch === false ? '' : `, restarting on changes in ${relative(project, dirname(entry)) || '.'}/`}.\n` +
      `  Try it in the Inspector: npx @modelcontextprotocol/inspector npx secure-mcp dev ${rel}`,
  );
  const register = join(__dirname, '..', 'dev', 'register-ts.js');
  let child: ChildProcess | undefined;
  const start = () => {
    child = spawn(process.execPath, ['-r', register, entry], {
      cwd: project,
      env: { ...deps.env, SECURE_MCP_DEV_PROJECT: project },
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    process.stdin.pipe(child.stdin!);
  };
  start();
  return new Promise((done) => {
    let timer: NodeJS.Timeout | undefined;
    const watcher =
      o.watch === false
        ? undefined
        : watch(dirname(entry), { recursive: true }, (_event, file) => {
            if (!file || !/\.(ts|json)$/.test(String(file))) return;
            clearTimeout(timer);
            timer = setTimeout(() => {
              deps.err(`secure-mcp dev: ${String(file)} changed, restarting the server`);
              const old = child!;
              process.stdin.unpipe(old.stdin!);
              old.removeAllListeners('exit');
              old.kill();
              start();
              child!.on('exit', onExit);
            }, RESTART_DEBOUNCE_MS);
          });
    const onExit = (code: number | null) => {
      if (watcher) {
        deps.err(
          `secure-mcp dev: the server exited (${code ?? 'signal'}); waiting for a change to restart it`,
        );
        return;
      }
      done(code ?? EXIT.usage);
    };
    child!.on('exit', onExit);
    process.stdin.on('end', () => {
      watcher?.close();
      child?.kill();
      done(EXIT.ok);
    });
  });
}
