import { SCOPES } from '../metadata/keys';

/** OAuth scopes a caller needs (HTTP transport). Callers without them neither see nor call the tool. */
export function Scopes(...scopes: string[]): ClassDecorator {
  return (target) => Reflect.defineMetadata(SCOPES, [...scopes], target);
}
