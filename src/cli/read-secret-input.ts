async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a secret: all of stdin when it is piped (one trailing newline removed), else a masked
 * `@clack/prompts` password prompt on stderr (stdout may carry machine-readable output).
 */
export async function readSecretInput(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readAll(process.stdin)).replace(/\r?\n$/, '');
  // Dynamic import: @clack/prompts is ESM-only and this CLI compiles to CommonJS.
  const { password, isCancel } = await import('@clack/prompts');
  const answer = await password({ message: prompt, output: process.stderr });
  if (isCancel(answer)) throw new Error('secret entry cancelled; nothing was stored');
  return answer;
}
