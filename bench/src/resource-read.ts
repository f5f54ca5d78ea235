// Per-call cost of a resource read next to a tool call, on the same server, through the real SDK Client in memory:
//   node bench/run.js --resource-read [--calls=3000] [--rounds=5]
// Both read the same small file through SafeFs with the same guards (RateLimit in memory, Audit to a file,
// a resolved @Secret so scrubbing runs): `read_file` as a tool (`tools/call`), `doc` as a resource template
// `bench://files/{+path}` (`resources/read`: template match and URI decoding added). A bare pair (no
// decorators) shows the floor of each path. Only the root's packages are needed (no peer frameworks).
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

// Self-contained (not importing scenarios.ts, which needs the peer frameworks installed to compile).
const ROOT_DIR = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'secure-mcp') return dir;
  }
  throw new Error('the secure-mcp package.json was not found above ' + __dirname);
})();
const SECRET_VALUE = 'bench-secret-value-0123456789';

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const CALLS = Number(opt('calls') ?? 3000);
const ROUNDS = Number(opt('rounds') ?? 5);
const WARMUP = 500;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const smcp: any = await import(pathToFileURL(join(ROOT_DIR, 'dist', 'index.js')).href);
  const cv: any = await import('class-validator');
  const R: any = Reflect;
  const work = mkdtempSync(join(tmpdir(), 'secure-mcp-bench-resource-'));
  mkdirSync(join(work, 'data'));
  writeFileSync(join(work, 'data', 'small.txt'), 'secure-mcp bench: a small file.\n'.repeat(8));

  const PathDto = class {};
  Object.defineProperty(PathDto, 'name', { value: 'PathDto' });
  cv.IsString()(PathDto.prototype, 'path');
  cv.MaxLength(200)(PathDto.prototype, 'path');
  R.defineMetadata('design:type', String, PathDto.prototype, 'path');

  const make = (full: boolean) => {
    const ToolClass: any = class {
      constructor(private readonly fs: any) {}
      execute(input: any) {
        return this.fs.readText(input.path);
      }
    };
    const ResourceClass: any = class {
      constructor(private readonly fs: any) {}
      read(params: any) {
        return this.fs.readText(params.path);
      }
    };
    for (const C of [ToolClass, ResourceClass]) {
      R.defineMetadata('design:paramtypes', [smcp.SafeFs, smcp.SecretValue], C);
      smcp.Secret('BENCH_API_KEY')(C, undefined, 1);
      if (full) {
        smcp.Audit()(C);
        smcp.RateLimit({ limit: 1_000_000_000, window: '1m' })(C);
      }
    }
    smcp.ReadOnly()(ToolClass);
    smcp.Tool({ name: 'read_file', description: 'read a file', input: PathDto })(ToolClass);
    smcp.Resource({
      uriTemplate: 'bench://files/{+path}',
      name: 'doc',
      params: PathDto,
      mimeType: 'text/plain',
    })(ResourceClass);
    return { ToolClass, ResourceClass };
  };

  const results: Record<string, number[]> = {};
  const cpuResults: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const full of [false, true]) {
      const { ToolClass, ResourceClass } = make(full);
      const server = await smcp.createServer({
        name: 'bench',
        version: '1.0.0',
        tools: [ToolClass],
        resources: [ResourceClass],
        roots: [join(work, 'data')],
        logging: { silent: true },
        usage: false,
        policy: false,
        audit: { file: join(work, `audit-${round}-${full}.jsonl`) },
        secrets: { values: { BENCH_API_KEY: SECRET_VALUE }, envFile: false, keychain: false },
      });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'bench', version: '1' });
      await server.connect(b);
      await client.connect(a);
      const ops: Record<string, () => Promise<unknown>> = {
        tool: () => client.callTool({ name: 'read_file', arguments: { path: 'small.txt' } }),
        resource: () => client.readResource({ uri: 'bench://files/small.txt' }),
      };
      // Alternate the order per round so neither path always runs on a warmer process.
      const order = round % 2 ? ['resource', 'tool'] : ['tool', 'resource'];
      for (const kind of order) {
        const op = ops[kind];
        for (let i = 0; i < WARMUP; i++) await op();
        const start = performance.now();
        const cpu = process.cpuUsage();
        for (let i = 0; i < CALLS; i++) await op();
        const perCallUs = ((performance.now() - start) / CALLS) * 1000;
        const used = process.cpuUsage(cpu);
        (results[`${full ? 'full' : 'bare'} ${kind}`] ??= []).push(perCallUs);
        // CPU time of this process (client and server share it): less sensitive to other load on the machine.
        (cpuResults[`${full ? 'full' : 'bare'} ${kind}`] ??= []).push((used.user + used.system) / CALLS);
      }
      await client.close();
      await server.close();
    }
  }
  console.log(
    `resource read vs tool call, in memory, ${CALLS} sequential calls x ${ROUNDS} rounds (median per call)`,
  );
  for (const name of Object.keys(results)) {
    const wall = median(results[name]).toFixed(1).padStart(8);
    const cpu = median(cpuResults[name]).toFixed(1).padStart(8);
    console.log(`  ${name.padEnd(14)} ${wall} µs wall ${cpu} µs CPU`);
  }
  for (const mode of ['bare', 'full']) {
    const ratio = (r: Record<string, number[]>) =>
      (median(r[`${mode} resource`]) / median(r[`${mode} tool`])).toFixed(2);
    console.log(`  ${mode}: resource/tool = ${ratio(results)} (wall), ${ratio(cpuResults)} (CPU)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
