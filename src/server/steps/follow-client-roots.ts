import { promises as fsp } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientRoot } from '../../client-context';
import { SafeFs } from '../../security/paths/safe-fs';
import { clientRootScope, runInRootScope, type RootScope } from '../../security/paths/root-scope';
import type { Root } from '../../security/paths/roots';
import type { StepFactory } from '../pipeline/types';

// Real paths of a session's roots, per roots answer: a new answer (after list_changed) is a new array.
const realRoots = new WeakMap<ClientRoot[], Promise<Root[]>>();

/**
 * With `roots: 'client'` or `narrowToClientRoots`, runs the rest of the call with the client's roots as the
 * `SafeFs` scope (asked once per session, again after `notifications/roots/list_changed`). Roots that cannot
 * be read leave no file usable for this call; the tool still runs, so tools without files are not affected.
 */
export const followClientRoots: StepFactory = (_tool, server) => {
  if (!server.container.isRegistered(SafeFs)) return undefined;
  const fs = server.container.resolve(SafeFs);
  const mode = fs.clientRoots;
  if (!mode) return undefined;
  const configured = fs.configuredRoots;
  return async (call, next) => {
    let scope: RootScope;
    if (!call.ctx.clientSupports('roots')) {
      scope = clientRootScope(mode, configured, undefined);
    } else {
      try {
        const roots = await call.ctx.roots();
        let real = realRoots.get(roots);
        if (!real) realRoots.set(roots, (real = toRealRoots(roots)));
        scope = clientRootScope(mode, configured, await real);
      } catch {
        scope = {
          base: [],
          allowed: [],
          reason: "the client's roots could not be read, so no file may be used",
        };
      }
    }
    await runInRootScope(scope, next);
  };
};

/** `file://` roots that exist as directories, by real path; anything else is left out (nothing to allow). */
async function toRealRoots(roots: readonly ClientRoot[]): Promise<Root[]> {
  const out: Root[] = [];
  for (const root of roots) {
    try {
      if (!root.uri.startsWith('file://')) continue;
      const configured = fileURLToPath(root.uri);
      const real = await fsp.realpath(configured);
      if ((await fsp.stat(real)).isDirectory()) out.push({ configured, real });
    } catch {
      // A root that does not exist here allows nothing.
    }
  }
  return out;
}
