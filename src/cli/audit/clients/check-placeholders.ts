import {
  clientSecretAdviceFor,
  describePlaceholder,
  MCP_CLIENTS,
  placeholderProblem,
  type McpClientKind,
} from '../../../security/secrets/client-placeholders';
import type { Finding } from '../finding';
import { safeName } from '../safe-text';
import type { ClientServer } from './parse';

const EMBEDDED = /\$\{[^}]{1,200}\}|^\$[A-Z_][A-Z0-9_]{0,200}$|^%[A-Z_][A-Z0-9_]{0,200}%$/g;
const NAME_IN = /^\$\{(?:(?:env|input):)?([A-Za-z_][A-Za-z0-9_.-]{0,100})|^[$%]([A-Z_][A-Z0-9_]*)/;

/** Each placeholder in a server's env, headers and args, with the setting it belongs to. */
function placeholders(s: ClientServer): Array<{ where: string; key: string; text: string }> {
  const values = [
    ...Object.entries(s.env).map(([k, v]) => ({ where: `env.${k}`, key: k, value: v })),
    ...Object.entries(s.headers).map(([k, v]) => ({ where: `headers.${k}`, key: k, value: v })),
    ...s.args.map((v, i) => ({ where: `args[${i}]`, key: '', value: v })),
  ];
  return values.flatMap(({ where, key, value }) =>
    [...value.trim().matchAll(EMBEDDED)].map((m) => ({ where, key, text: m[0] })),
  );
}

/**
 * Placeholders the config's client will not expand (`${VAR}` in Claude Desktop, `${VAR}` where Cursor and
 * VS Code need `${env:VAR}`, `${env:VAR}` in Claude Code): the server would receive the text itself as the
 * value. The fix is the one syntax that works in that client.
 */
export function placeholderFindings(
  kind: McpClientKind | undefined,
  s: ClientServer,
  file: string,
  line: number | undefined,
): Finding[] {
  if (!kind) return [];
  return placeholders(s).flatMap(({ where, key, text }): Finding[] => {
    const problem = placeholderProblem(kind, text);
    if (!problem) return [];
    const m = NAME_IN.exec(text);
    const name = safeName(key || m?.[1] || m?.[2] || 'NAME', 100);
    return [
      {
        id: 'client-placeholder',
        severity: 'medium',
        title: `Server "${safeName(s.name)}": ${safeName(where, 120)} is ${describePlaceholder(text)}, which ${MCP_CLIENTS[kind]} passes literally`,
        file,
        line,
        fix: `${problem}. ${clientSecretAdviceFor(kind, name)}`,
      },
    ];
  });
}

/** A hard-coded secret's fix, with the way this client passes a secret instead. */
export function perClientSecretFix(kind: McpClientKind | undefined, finding: Finding): Finding {
  if (!kind || finding.id !== 'client-secret') return finding;
  const name = /hard-coded in env\.([A-Za-z_][A-Za-z0-9_]*)/.exec(finding.title)?.[1] ?? 'NAME';
  return {
    ...finding,
    fix: `Remove the value from this config and rotate the exposed credential. ${clientSecretAdviceFor(kind, name)}`,
  };
}
