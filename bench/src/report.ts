// Renders results as markdown and writes it between the markers in bench/README.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { FLOORS, SDK_LINE_OF, type ScenarioId } from './scenarios';

const START = '<!-- results:start (written by `node bench/run.js`; do not edit by hand) -->';
const END = '<!-- results:end -->';
const SECURE = [
  'secure-bare',
  'secure-full',
  'secure-bare-2',
  'secure-full-2',
  'secure-full-otel',
  'secure-full-redis',
];
/** The SDK line of a scenario (results of older runs have no line: 1.x). */
const lineOf = (s: string): '1' | '2' => SDK_LINE_OF[s as ScenarioId] ?? '1';

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
    '- Per-call time ratio (×1, ×2) = sequential per-call time ÷ that of scenario 1 / 2 on the same tool, transport and MCP SDK line (column SDK) ' +
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
      '| scenario | transport | SDK | seq calls/s | p50 ms | p99 ms | ×1 | ×2 | 32 in flight calls/s | p50 ms | p99 ms | ×1 | ×2 |',
    );
    out.push('|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const t of ['memory', 'stdio']) {
      for (const s of r.config.scenarios) {
        const line = lineOf(s);
        const ref1 = get(FLOORS[line].raw, t)?.metrics;
        const ref2 = get(FLOORS[line].mcpServer, t)?.metrics;
        const a = get(s, t);
        if (!a) {
          const why = r.failures[`${s}/${t}`];
          if (why)
            out.push(`| ${r.config.labels[s]} | ${t} | ${line}.x | not run: ${oneLine(why)} |||||||||||`);
          continue;
        }
        const sq = a.metrics[`${tool}/seq`];
        const cc = a.metrics[`${tool}/c${r.config.inFlight}`];
        const rs1 = ref1?.[`${tool}/seq`],
          rs2 = ref2?.[`${tool}/seq`];
        const rc1 = ref1?.[`${tool}/c${r.config.inFlight}`],
          rc2 = ref2?.[`${tool}/c${r.config.inFlight}`];
        out.push(
          `| ${r.config.labels[s]}${a.errors ? ` (**${a.errors} wrong results**)` : ''} | ${t} | ${line}.x | ${f0(sq.callsPerSec)} | ${f2(sq.p50Ms)} | ${f2(sq.p99Ms)} | ` +
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
  out.push(
    `| scenario | transport | SDK | ${sizes.map((s) => `${s} tool${s === '1' ? '' : 's'}`).join(' | ')} |`,
  );
  out.push(`|---|---|---|${sizes.map(() => '--:').join('|')}|`);
  for (const t of ['memory', 'stdio']) {
    for (const s of r.config.scenarios) {
      const a = r.startup[`${s}/${t}`];
      if (a)
        out.push(
          `| ${r.config.labels[s]} | ${t} | ${lineOf(s)}.x | ${sizes.map((n) => f0(a[n]) + (a[`${n}:import`] !== undefined ? ` (${f0(a[`${n}:import`])})` : '')).join(' | ')} |`,
        );
    }
  }
  out.push('');

  if (Object.keys(r.memory).length) {
    out.push(
      `#### Memory after ${f0(r.config.memoryCalls)} \`echo\` calls (in memory, ${r.config.inFlight} in flight; client and server in one process; after GC)`,
    );
    out.push('');
    out.push(
      '| scenario | heap before MB | heap after MB | growth MB | RSS after MB | exact RSS before → after MB (smaps_rollup) |',
    );
    out.push('|---|--:|--:|--:|--:|--:|');
    for (const s of r.config.scenarios) {
      const a = r.memory[s];
      if (!a) continue;
      if (a.failed) out.push(`| ${r.config.labels[s]} | failed: ${oneLine(a.failed)} |||||`);
      else
        out.push(
          `| ${r.config.labels[s]} | ${a.heapUsedBeforeMB.toFixed(1)} | ${a.heapUsedAfterMB.toFixed(1)} | ${(a.heapUsedAfterMB - a.heapUsedBeforeMB).toFixed(1)} | ${a.rssAfterMB.toFixed(0)} | ${a.rssExactBeforeMB !== undefined ? `${a.rssExactBeforeMB.toFixed(0)} → ${a.rssExactAfterMB.toFixed(0)}` : '–'} |`,
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

  out.push(...stepTable(r));
  out.push('#### Targets (issue 14)');
  out.push('');
  out.push(...targets(r));
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

/** The targets of issue 14, one row each: measured ratios (every tool and mode), limit, pass/fail. */
export function targetRows(r: any): Array<{ target: string; measured: string; pass: boolean | undefined }> {
  const rows: Array<{ target: string; measured: string; pass: boolean | undefined }> = [];
  const get = (s: string, t: string) => r.calls[`${s}/${t}`]?.metrics;
  const c = `c${r.config.inFlight}`;
  const modes = ['echo/seq', 'read_file/seq', `echo/${c}`, `read_file/${c}`];
  const label = (m: string) =>
    m.replace('/seq', ' seq').replace(`/${c}`, ` ${r.config.inFlight}∥`).replace('read_file', 'read');
  /** Cost ratio of s against ref: per-call time for sequential, inverse throughput for in flight. */
  const ratio = (s: string, ref: string, t: string, m: string) => {
    const a = get(s, t)?.[m],
      b = get(ref, t)?.[m];
    if (!a || !b) return undefined;
    return m.endsWith('/seq') ? a.trimMeanMs / b.trimMeanMs : b.callsPerSec / a.callsPerSec;
  };
  const costRow = (target: string, s: string, ref: string, t: string, limit: number, ms = modes) => {
    const parts: string[] = [];
    let pass: boolean | undefined;
    for (const m of ms) {
      const x = ratio(s, ref, t, m);
      if (x === undefined) continue;
      pass = (pass ?? true) && x <= limit;
      parts.push(`${label(m)} ${x.toFixed(2)}×`);
    }
    rows.push({ target, measured: parts.join(', ') || 'not measured', pass });
  };
  // Each target once per SDK line: secure-mcp on a line against the raw SDK of the same line.
  for (const line of ['1', '2'] as const) {
    const sfx = line === '1' ? '' : '-2';
    const { raw, mcpServer } = FLOORS[line];
    const on = `SDK ${line}.x`;
    costRow(`${on}, stdio: full ≤ 1.05× raw SDK \`Server\``, `secure-full${sfx}`, raw, 'stdio', 1.05);
    costRow(`${on}, stdio: bare ≤ 1.0× raw SDK \`Server\``, `secure-bare${sfx}`, raw, 'stdio', 1.0);
    costRow(`${on}, memory: full ≤ 1.2× \`McpServer\` + zod`, `secure-full${sfx}`, mcpServer, 'memory', 1.2);
    costRow(`${on}, memory: bare ≤ 1.0× \`McpServer\` + zod`, `secure-bare${sfx}`, mcpServer, 'memory', 1.0);
  }
  {
    const parts: string[] = [];
    let pass: boolean | undefined;
    for (const t of ['memory', 'stdio'])
      for (const m of [`echo/${c}`, `read_file/${c}`]) {
        const on = get('secure-full', t)?.[m],
          off = get('secure-full-noaudit', t)?.[m];
        if (!on || !off) continue;
        const x = on.callsPerSec / off.callsPerSec;
        pass = (pass ?? true) && x >= 0.9;
        parts.push(`${t} ${label(m)} ${x.toFixed(2)}×`);
      }
    rows.push({
      target: `${r.config.inFlight} in flight, audit on ≥ 0.9× the throughput of audit off`,
      measured: parts.join(', ') || 'not measured',
      pass,
    });
  }
  for (const line of ['1', '2'] as const) {
    const full = r.startup[`secure-full${line === '1' ? '' : '-2'}/stdio`]?.['200'];
    const raw = r.startup[`${FLOORS[line].raw}/stdio`]?.['1'];
    const ok = Number.isFinite(full) && Number.isFinite(raw);
    rows.push({
      target: `SDK ${line}.x, start-up, 200 tools (fresh process, spawn → \`tools/list\`) ≤ 1.3× raw SDK with 1 tool`,
      measured: ok
        ? `${(full / raw).toFixed(2)}× (${Math.round(full)} ms vs ${Math.round(raw)} ms)`
        : 'not measured',
      pass: ok ? full / raw <= 1.3 : undefined,
    });
  }
  {
    const m = r.memory['secure-full'];
    const ok = m && !m.failed && m.rssBeforeMB !== undefined;
    // Exact RSS (smaps_rollup page walk) when the worker could read it; the kernel's counter drifts upwards.
    const exact = ok && m.rssExactBeforeMB !== undefined && m.rssExactAfterMB !== undefined;
    const before: number | undefined = ok ? (exact ? m.rssExactBeforeMB : m.rssBeforeMB) : undefined;
    const after: number | undefined = ok ? (exact ? m.rssExactAfterMB : m.rssAfterMB) : undefined;
    const growth = ok ? after! - before! : undefined;
    rows.push({
      target: `${f0(r.config.memoryCalls || 100_000)} audited calls: 0 lost records, RSS growth < 20 MB after warm-up`,
      measured: ok
        ? `${m.audit?.lost ?? '?'} lost of ${f0(m.audit?.callsMade)}; RSS${exact ? ' (exact, smaps_rollup)' : ''} ${before!.toFixed(0)} → ${after!.toFixed(0)} MB (${growth! >= 0 ? '+' : ''}${growth!.toFixed(1)} MB)` +
          (exact ? `; kernel counter ${m.rssBeforeMB.toFixed(0)} → ${m.rssAfterMB.toFixed(0)} MB` : '')
        : 'not measured (full run only)',
      pass: ok ? m.audit?.lost === 0 && growth! < 20 : undefined,
    });
  }
  for (const s of SECURE)
    for (const t of ['memory', 'stdio']) {
      const a = r.calls[`${s}/${t}`]?.audit;
      if (a)
        rows.push({
          target: `${r.config.labels[s]} (${t}): no audit record lost`,
          measured: `${a.lost} lost of ${f0(a.callsMade)}`,
          pass: a.lost === 0,
        });
    }
  // The per-call cost of moving secure-mcp from 1.x to 2.x, absolute rather than against a floor.
  for (const t of ['memory', 'stdio']) {
    for (const s of ['secure-bare', 'secure-full']) {
      costRow(`(info) ${t}: secure-mcp ${s.slice(7)} on SDK 2.x vs on 1.x`, `${s}-2`, s, t, Infinity);
      rows[rows.length - 1].pass = undefined;
    }
  }
  costRow(
    '(info) telemetry on: full + OTel SDK vs full, in memory',
    'secure-full-otel',
    'secure-full',
    'memory',
    Infinity,
  );
  rows[rows.length - 1].pass = undefined;
  return rows;
}

export function targets(r: any): string[] {
  const verdict = (p: boolean | undefined) => (p === undefined ? '–' : p ? '**pass**' : '**FAIL**');
  return [
    '| target | measured (ratio, lower is better unless stated) | result |',
    '|---|---|---|',
    ...targetRows(r).map((x) => `| ${x.target} | ${x.measured} | ${verdict(x.pass)} |`),
  ];
}

/** Per-step own time from the OTel step events of scenario 4b (in memory): where a call's time goes. */
export function stepTable(r: any): string[] {
  const steps = r.calls['secure-full-otel/memory']?.steps as
    Record<string, { meanUs: number; n: number }> | undefined;
  if (!steps) return [];
  const total = Object.values(steps).reduce((a, v) => a + v.meanUs, 0);
  return [
    '#### Per-step cost (scenario 4b in memory, sequential calls of both tools; own time of each step from its `secure_mcp.step` span events)',
    '',
    '| step | calls | mean µs per call | share |',
    '|---|--:|--:|--:|',
    ...Object.entries(steps)
      .sort((a, b) => b[1].meanUs - a[1].meanUs)
      .map(
        ([k, v]) =>
          `| ${k} | ${f0(v.n)} | ${v.meanUs.toFixed(1)} | ${((v.meanUs / total) * 100).toFixed(0)} % |`,
      ),
    `| all steps | | ${total.toFixed(1)} | 100 % |`,
    '',
    'Own time is wall time in the step minus the steps it wraps: `invoke` includes the tool (SafeFs I/O for `read_file`), `audit` includes waiting for its group-commit write. The rest of a call (transport, JSON-RPC, the SDK, the client) is outside the pipeline.',
    '',
  ];
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
