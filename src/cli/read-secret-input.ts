import { createInterface } from 'node:readline';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a secret: all of stdin when it is piped (one trailing newline removed), else a prompt on stderr
 * whose echo is suppressed.
 */
export async function readSecretInput(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readAll(process.stdin)).replace(/\r?\n$/, '');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) {
      process.stderr.write(s);
      prompted = true;
    }
  };
  try {
    return await new Promise<string>((done) => rl.question(prompt, done));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
