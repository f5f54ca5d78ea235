import { ConfigFileError, readConfigFileSync } from '../../../security/files/read-config-file';
import type { ProjectFile } from './walk';

export type ProjectFileRead = { text: string } | { tooBig: true } | { error: string };

/**
 * A project file's text, read without following links, regular files only, size-capped: a file swapped
 * for a FIFO after the walk cannot block the audit, nor a huge one fill memory. Never throws.
 */
export function readProjectFile(f: ProjectFile, maxBytes: number): ProjectFileRead {
  try {
    return { text: readConfigFileSync(f.abs, { maxBytes, followSymlinks: false }) };
  } catch (e) {
    if (e instanceof ConfigFileError && e.code === 'ETOOBIG') return { tooBig: true };
    return { error: e instanceof ConfigFileError ? e.code : ((e as NodeJS.ErrnoException).code ?? 'error') };
  }
}
