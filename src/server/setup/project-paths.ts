import { isAbsolute, resolve } from 'node:path';
import { envFilePath } from '../../settings/setting';
import { projectDir } from '../../settings/project-dir';
import type { ServerOptions } from '../options';

/**
 * The options with every relative path (`roots`, `audit.file`, `secrets.envFile`, `policy`) made absolute
 * from the project folder ({@link projectDir}), once, at start-up: a server started from `/` by a desktop
 * client finds the same files as one started from the project.
 */
export function withProjectPaths(options: ServerOptions): ServerOptions & { baseDir: string } {
  const baseDir = projectDir(options.baseDir);
  const from = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const envFile = envFilePath({ baseDir, envFile: options.secrets?.envFile });
  return {
    ...options,
    baseDir,
    roots: Array.isArray(options.roots) ? options.roots.map(from) : options.roots,
    audit: options.audit && { ...options.audit, file: options.audit.file && from(options.audit.file) },
    secrets: { ...options.secrets, envFile: envFile ?? false },
    policy: typeof options.policy === 'string' ? from(options.policy) : options.policy,
  };
}
