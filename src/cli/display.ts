import { isAbsolute, relative, sep } from 'node:path';

/** Shows a path relative to the project when inside it (as SARIF wants), else as given. */
export function displayPath(project: string): (file: string) => string {
  return (file) => {
    const rel = relative(project, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
  };
}
