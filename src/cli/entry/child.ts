// Runs in a child process: imports the user's entry module with SECURE_MCP_NO_LISTEN=1 (so `listen()` is a
// no-op), reads every registered @Tool, @Resource and @Prompt class, and sends the postures over IPC.
import { pathToFileURL } from 'node:url';
import 'reflect-metadata';
import { readPromptDefinition } from '../../metadata/read-prompt-definition';
import { readResourceDefinition } from '../../metadata/read-resource-definition';
import { readToolDefinition } from '../../metadata/read-tool-definition';
import { registeredClasses } from '../../metadata/registry';
import type { AnyDefinition, CapabilityKind, Class } from '../../metadata/types';
import { toPosture } from './posture';

/** One reader per capability kind: a new kind is one more row. */
const READERS: Record<CapabilityKind, (c: Class) => AnyDefinition> = {
  tool: readToolDefinition,
  resource: readResourceDefinition,
  prompt: readPromptDefinition,
};

async function main(): Promise<void> {
  const entry = process.argv[2];
  if (!entry) throw new Error('no entry module given');
  await import(pathToFileURL(entry).href);
  const postures = (Object.keys(READERS) as CapabilityKind[]).flatMap((kind) =>
    registeredClasses(kind).map((c) => toPosture(READERS[kind](c))),
  );
  process.send?.({ ok: true, tools: postures });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
