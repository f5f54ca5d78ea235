import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../../../src/audit';
import { entry, useTempDir } from './helpers';

// docs/audit.md promises that a short standalone script checks the chain; run that exact script.
const tmp = useTempDir();
const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'audit.md'), 'utf8');
const script = /<!-- verify-standalone -->\n```js\n([\s\S]*?)```/.exec(docs)![1];

it('the standalone verifier in docs/audit.md accepts a real log and rejects a tampered one', async () => {
  const dir = tmp();
  const file = join(dir, 'audit.jsonl');
  const log = new AuditLog({ file, server: 'docs' });
  for (let i = 0; i < 20; i++)
    log.write(entry(i, { args: { q: `é\n${i}`, nested: { b: [1, { z: null, a: true }] } } }));
  await log.close();
  writeFileSync(join(dir, 'verify.js'), script);
  expect(execFileSync(process.execPath, [join(dir, 'verify.js'), file], { encoding: 'utf8' })).toMatch(
    /^ok: 20 records/,
  );
  writeFileSync(file, readFileSync(file, 'utf8').replace('"q":"é\\n7"', '"q":"é\\n8"'));
  expect(() => execFileSync(process.execPath, [join(dir, 'verify.js'), file], { stdio: 'pipe' })).toThrow(
    /line 8: chain broken/,
  );
});
