// Renders results as markdown and writes it between the markers in bench/README.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- results:start (written by `node bench/run.js`; do not edit by hand) -->';
const END = '<!-- results:end -->';
const PEERS = ['fastmcp', 'mcp-framework', 'mcp-nest'];
const SECURE = ['secure-bare', 'secure-full', 'secure-full-redis'];

const f0 = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-US');
const f2 = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(3) : x.toFixed(1);
const fr = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);

export function renderMarkdown(r: any): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`### Results (${r.mode} run, ${r.date.replace('T', ' ').slice(0, 16)} UTC)`);
  out.push('');
  out.push(`- Machine: ${m.cpu}, ${m.cores} cores (shared), ${m.memGB} GB, ${m.os}; Node ${m.node}`);
  out.push(
    `- Load average (1/5/15 min): start ${m.loadStart.join(' / ')}, end ${m.loadEnd.join(' / ')}; ` +
      `1-min load while measuring: min ${m.loadDuringRuns.min.toFixed(2)}, median ${m.loadDuringRuns.median.toFixed(2)}, max ${m.loadDuringRuns.max.toFixed(2)}`,
  );
  out.push(
    `- ${r.config.rounds} interleaved round(s), median reported; per round and scenario one fresh process: ` +
      `warm-up ${r.config.warmup} calls per tool and mode, then ${r.config.seq} sequential calls and ${r.config.conc} calls with ` +
      `${r.config.inFlight} in flight, per tool. Run took ${Math.round(r.durationSec)} s.`,
  );
  out.push(
    `- Versions: ${Object.entries(r.versions)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out.push(
    '- Per-call time ratio (×1, ×2) = sequential per-call time ÷ that of scenario 1 / 2 on the same tool and transport ' +
      '(per-call time: mean of the fastest 95 % of calls, which drops the preemption tail of the shared CPU; the plain mean is in latest.json); ' +
      'for 32 in flight, throughput of scenario 1 / 2 ÷ this one. Lower is better.',
  );
  for (const n of r.notes) out.push(`- Note: ${n}`);
  out.push('');

  const get = (s: string, t: string) => r.calls[`${s}/${t}`];
  for (const tool of ['echo', 'read_file']) {
    out.push(`#### Per call: \`${tool}\``);
    out.push('');
    out.push(
      '| scenario | transport | seq calls/s | p50 ms | p99 ms | ×1 | ×2 | 32 in flight calls/s | p50 ms | p99 ms | ×1 | ×2 |',
    );
    out.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const t of ['memory', 'stdio']) {
      const ref1 = get('raw-sdk', t)?.metrics;
      const ref2 = get('mcpserver-zod', t)?.metrics;
      for (const s of r.config.scenarios) {
        const a = get(s, t);
        if (!a) {
          const why = r.failures[`${s}/${t}`];
          if (why) out.push(`| ${r.config.labels[s]} | ${t} | not run: ${oneLine(why)} |||||||||||`);
          continue;
        }
        const sq = a.metrics[`${tool}/seq`];
        const cc = a.metrics[`${tool}/c${r.config.inFlight}`];
        const rs1 = ref1?.[`${tool}/seq`],
          rs2 = ref2?.[`${tool}/seq`];
        const rc1 = ref1?.[`${tool}/c${r.config.inFlight}`],
          rc2 = ref2?.[`${tool}/c${r.config.inFlight}`];
        out.push(
          `| ${r.config.labels[s]}${a.errors ? ` (**${a.errors} wrong results**)` : ''} | ${t} | ${f0(sq.callsPerSec)} | ${f2(sq.p50Ms)} | ${f2(sq.p99Ms)} | ` +
            `${fr(rs1 && sq.trimMeanMs / rs1.trimMeanMs)} | ${fr(rs2 && sq.trimMeanMs / rs2.trimMeanMs)} | ${f0(cc.callsPerSec)} | ${f2(cc.p50Ms)} | ${f2(cc.p99Ms)} | ` +
            `${fr(rc1 && rc1.callsPerSec / cc.callsPerSec)} | ${fr(rc2 && rc2.callsPerSec / cc.callsPerSec)} |`,
        );
      }
    }
    out.push('');
  }

  out.push('#### Start-up to the first `tools/list` response (ms, median)');
  out.push('');
  out.push(
    'stdio: from spawning `node serve.js` to the `tools/list` result (Node boot, module loading, server set-up, ' +
      'initialize handshake). memory: in a fresh process, from importing the framework to the `tools/list` result; in brackets the part spent importing ' +
      'the framework (module loading), the rest is building the server, connecting and listing.',
  );
  out.push('');
  const sizes: string[] = r.config.startupSizes.map(String);
  out.push(`| scenario | transport | ${sizes.map((s) => `${s} tool${s === '1' ? '' : 's'}`).join(' | ')} |`);
  out.push(`|---|---|${sizes.map(() => '--:').join('|')}|`);
  for (const t of ['memory', 'stdio']) {
    for (const s of r.config.scenarios) {
      const a = r.startup[`${s}/${t}`];
      if (a)
        out.push(
          `| ${r.config.labels[s]} | ${t} | ${sizes.map((n) => f0(a[n]) + (a[`${n}:import`] !== undefined ? ` (${f0(a[`${n}:import`])})` : '')).join(' | ')} |`,
        );
    }
  }
  out.push('');

  if (Object.keys(r.memory).length) {
    out.push(
      `#### Memory after ${f0(r.config.memoryCalls)} \`echo\` calls (in memory, ${r.config.inFlight} in flight; client and server in one process; after GC)`,
    );
    out.push('');
    out.push('| scenario | heap before MB | heap after MB | growth MB | RSS after MB |');
    out.push('|---|--:|--:|--:|--:|');
    for (const s of r.config.scenarios) {
      const a = r.memory[s];
      if (!a) continue;
      if (a.failed) out.push(`| ${r.config.labels[s]} | failed: ${oneLine(a.failed)} ||||`);
      else
        out.push(
          `| ${r.config.labels[s]} | ${a.heapUsedBeforeMB.toFixed(1)} | ${a.heapUsedAfterMB.toFixed(1)} | ${(a.heapUsedAfterMB - a.heapUsedBeforeMB).toFixed(1)} | ${a.rssAfterMB.toFixed(0)} |`,
        );
    }
    out.push('');
  }

  const auditRows: string[] = [];
  for (const s of SECURE) {
    for (const t of ['memory', 'stdio']) {
      const a = get(s, t);
      if (!a?.audit) continue;
      const c = a.metrics[`echo/c${r.config.inFlight}`];
      auditRows.push(
        `| ${r.config.labels[s]} | ${t} | ${f0(c.callsPerSec)} | ${f0(a.audit.callsMade)} | ${f0(a.audit.records)} | ${a.audit.lost} |`,
      );
    }
    const mem = r.memory[s];
    if (mem?.audit)
      auditRows.push(
        `| ${r.config.labels[s]} (memory run) | memory | ${f0(mem.calls)} calls | ${f0(mem.audit.callsMade)} | ${f0(mem.audit.records)} | ${mem.audit.lost} |`,
      );
  }
  if (auditRows.length) {
    out.push('#### Audit sink: one hash-chained record per call, counted in the audit file after close');
    out.push('');
    out.push(
      `| scenario | transport | records/s (= echo calls/s, ${r.config.inFlight} in flight) | calls made (all rounds) | lines in audit files | lost |`,
    );
    out.push('|---|---|--:|--:|--:|--:|');
    out.push(...auditRows);
    out.push('');
  }

  out.push('#### Targets');
  out.push('');
  out.push(...targets(r).map((l) => `- ${l}`));
  out.push('');
  if (Object.keys(r.failures).length) {
    out.push('#### Not measured');
    out.push('');
    for (const [k, v] of Object.entries(r.failures)) out.push(`- ${k}: ${oneLine(String(v))}`);
    out.push('');
  }
  return out.join('\n');
}

function oneLine(s: string): string {
  return s.split('\n')[0].replace(/\|/g, '/').slice(0, 160);
}

export function targets(r: any): string[] {
  const lines: string[] = [];
  const get = (s: string, t: string) => r.calls[`${s}/${t}`]?.metrics;
  const ok = (b: boolean) => (b ? '**met**' : '**MISSED**');
  const ratio = (s: string, ref: string, t: string, m: string) => {
    const a = get(s, t)?.[m],
      b = get(ref, t)?.[m];
    if (!a || !b) return undefined;
    return m.endsWith('/seq') ? a.trimMeanMs / b.trimMeanMs : b.callsPerSec / a.callsPerSec;
  };
  const c = `c${r.config.inFlight}`;
  for (const [s, limit] of [
    ['secure-full', 1.3],
    ['secure-bare', 1.1],
  ] as const) {
    const parts: string[] = [];
    let all = true;
    for (const m of ['echo/seq', 'read_file/seq', `echo/${c}`, `read_file/${c}`]) {
      const x = ratio(s, 'mcpserver-zod', 'memory', m);
      if (x === undefined) continue;
      all &&= x <= limit;
      parts.push(
        `${m.replace('/seq', ' sequential').replace(`/${c}`, ` ${r.config.inFlight} in flight`)} ${x.toFixed(2)}×`,
      );
    }
    if (parts.length)
      lines.push(`${r.config.labels[s]} ≤ ${limit}× scenario 2 in memory: ${ok(all)} (${parts.join(', ')})`);
    else lines.push(`${r.config.labels[s]} ≤ ${limit}× scenario 2 in memory: not measured`);
  }
  for (const s of ['secure-bare', 'secure-full']) {
    const losses: string[] = [];
    let compared = 0;
    for (const t of ['memory', 'stdio']) {
      for (const p of PEERS) {
        for (const m of ['echo/seq', 'read_file/seq', `echo/${c}`, `read_file/${c}`]) {
          const x = ratio(s, p, t, m);
          if (x === undefined) continue;
          compared++;
          if (x > 1) losses.push(`${p} ${t} ${m}: ${x.toFixed(2)}×`);
        }
      }
    }
    lines.push(
      `${r.config.labels[s]} faster than the peers on the same tool and transport: ` +
        (compared
          ? `${ok(!losses.length)} (${compared - losses.length}/${compared} comparisons won${losses.length ? `; slower than: ${losses.join('; ')}` : ''})`
          : 'not measured'),
    );
  }
  for (const s of ['secure-bare', 'secure-full']) {
    for (const t of ['memory', 'stdio']) {
      const x = r.startup[`${s}/${t}`]?.['200'];
      if (x !== undefined && Number.isFinite(x))
        lines.push(
          `${r.config.labels[s]}: 200-tool start-up < 500 ms (${t}): ${ok(x < 500)} (${Math.round(x)} ms)`,
        );
    }
  }
  for (const s of SECURE) {
    for (const t of ['memory', 'stdio']) {
      const a = r.calls[`${s}/${t}`]?.audit;
      if (a)
        lines.push(
          `${r.config.labels[s]} (${t}): audit records lost: ${a.lost === 0 ? '**0**' : `**${a.lost}**`} of ${a.callsMade}`,
        );
    }
  }
  return lines;
}

export function writeReadme(path: string, md: string): void {
  const body = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const block = `${START}\n${md}\n${END}`;
  const i = body.indexOf(START.slice(0, 20)),
    j = body.indexOf(END);
  const next =
    i >= 0 && j > i
      ? body.slice(0, i) + block + body.slice(j + END.length)
      : `${body}${body ? '\n' : ''}${block}\n`;
  writeFileSync(path, next);
}
