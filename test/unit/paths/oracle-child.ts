// Run by safe-fs-hardening.test.ts as an unprivileged user (root reads everything, so "unreadable" needs
// another uid): node -r register-ts.js oracle-child.ts <root> <probe>... → prints one JSON array of answers.
import { SafeFs } from '../../../src/security/paths';

async function main(): Promise<void> {
  const [root, ...probes] = process.argv.slice(2);
  const safe = new SafeFs({ roots: [root] });
  const answers: string[] = [];
  for (const probe of probes) {
    for (const attempt of [() => safe.stat(probe), () => safe.exists(probe), () => safe.list(probe)]) {
      answers.push(
        await attempt().then(
          (value) => `answered ${JSON.stringify(value)}`,
          (error: Error) => `${error.name}: ${error.message}`,
        ),
      );
    }
  }
  process.stdout.write(JSON.stringify(answers));
}

void main();
