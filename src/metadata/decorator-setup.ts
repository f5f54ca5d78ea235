import { StartupError } from '../errors';
import type { SharedFields } from './read-common';
import type { Class } from './types';

/**
 * Refuses a class compiled without `emitDecoratorMetadata`: its constructor takes parameters that neither
 * `@Secret` nor `@Inject` names, and TypeScript recorded no `design:paramtypes` to inject them by. Without
 * this check the error would blame the parameter's type, not the compiler setting.
 */
export function checkTypeMetadata(target: Class, owner: string, shared: SharedFields): void {
  if (Reflect.hasOwnMetadata('design:paramtypes', target)) return;
  const named = new Set([...shared.secrets.map((s) => s.index), ...shared.injectTokens.keys()]);
  const arity = Math.max(target.length, ...named, -1);
  for (let index = 0; index < arity; index++) {
    if (named.has(index)) continue;
    throw new StartupError(
      `${owner}: constructor parameter ${index} has no type metadata, so it cannot be injected. Set ` +
        `"emitDecoratorMetadata": true (with "experimentalDecorators": true) in tsconfig.json and import ` +
        `'reflect-metadata' first. Compilers that do not emit it (esbuild, tsx) need @Inject(Token) on each parameter.`,
    );
  }
}
