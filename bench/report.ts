/** The benchmark's results as markdown tables (stdout, README) and the JSON record (bench/results/). */
import type { AppResult } from './appBench';
import type { BundleResult } from './bundleBench';
import type { GrpoBenchResult } from './grpoBench';
import type { MemoryResult, MhaResult, TrainResult } from './coreParts';
import type { BackendResult, ContextResult, SkippedContext } from './modelBench';
import type { Spread } from './stats';

/** One backend's run, named by where it ran: `node:cpu`, `chromium:webgpu`, … */
export interface TargetResult extends BackendResult {
  target: string;
}

export interface Machine {
  host: string;
  os: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  /** Chromium's version and WebGPU adapter, when the browser ran. */
  chromium: string | null;
}

export interface BenchRecord {
  date: string;
  quick: boolean;
  machine: Machine;
  results: TargetResult[];
  /** backends that could not run, with the reason. */
  failures: { target: string; error: string }[];
  /** the other parts of `npm run bench`, each replaced when it runs again that day. */
  parts?: {
    mha?: (MhaResult & { target: string })[];
    memory?: (MemoryResult & { target: string })[];
    train?: (TrainResult & { target: string })[];
    grpo?: GrpoBenchResult[];
    app?: AppResult;
    bundle?: BundleResult;
  };
}

/** 3 significant digits, never exponent notation. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

/** median (min–max), or the median alone for one sample. */
const cell = (s: Spread, unit = '') =>
  s.n > 1 ? `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})` : `${num(s.median)}${unit}`;

/** True when the backend's logits match cpu (its timings measure the right computation). */
export function valid(r: BackendResult): boolean {
  const d = r.check.maxAbsDiffVsCpu;
  return r.check.gpuErrors.length === 0 && (r.backend === 'cpu' || (d !== null && d < 1e-3));
}

function check(r: BackendResult): string {
  if (r.check.gpuErrors.length > 0) return `**invalid: ${r.check.gpuErrors.length} WebGPU errors**`;
  const d = r.check.maxAbsDiffVsCpu;
  if (r.backend === 'cpu') return 'reference';
  if (d === null) return '**invalid: non-finite logits**';
  return valid(r) ? `ok (${d.toExponential(0)})` : `**invalid: ${d.toExponential(1)}**`;
}

const done = (c: ContextResult | SkippedContext): c is ContextResult => !('skipped' in c);

export function speedTable(rs: TargetResult[]): string {
  const p = rs[0]?.prefill.tokens ?? 0;
  const lines = [
    `| backend | prefill, tokens/s (${p}-token prompt) | decode, tokens/s (cache growing from ${p}) | logits vs cpu |`,
    '|---|---|---|---|',
  ];
  for (const r of rs)
    lines.push(`| ${r.target} | ${cell(r.prefill.tokensPerSec)} | ${cell(r.decode.tokensPerSec)} | ${check(r)} |`);
  return lines.join('\n');
}

/** WebGPU: dispatches per token and the fused decode against the op-by-op one, from the same run. */
export function dispatchTable(rs: TargetResult[]): string {
  const lines = [
    '| backend | dispatches per decode token (trace on), fused / op-by-op | prefill dispatches per token | fused decode, tokens/s | op-by-op decode, tokens/s | fused / op-by-op |',
    '|---|---|---:|---|---|---|',
  ];
  for (const r of rs) {
    const d = r.dispatches;
    const u = r.unfusedDecode;
    if (!d || !u) continue;
    lines.push(
      `| ${r.target} | ${d.decodePerToken} / ${d.unfusedDecodePerToken} | ${num(d.prefillPerToken)} | ` +
        `${cell(r.decode.tokensPerSec)} | ${cell(u.tokensPerSec)} | ${cell(u.fusedOverUnfused, '×')} |`,
    );
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

export function ratioTable(rs: TargetResult[]): string {
  const lines = [
    '| backend | C | absorbed + cache, ms | naive + cache, ms | no cache (full forward), ms | absorbed / naive | cached / uncached | pairs |',
    '|---|---:|---|---|---|---|---|---:|',
  ];
  for (const r of rs) {
    for (const c of r.contexts) {
      if (!done(c)) {
        lines.push(`| ${r.target} | ${c.context} | skipped: one full forward ≈ ${num(c.skipped)} s | | | | | 0 |`);
        continue;
      }
      lines.push(
        `| ${r.target} | ${c.context} | ${cell(c.absorbedMs)} | ${cell(c.naiveMs)} | ${cell(c.uncachedMs)} | ` +
          `${cell(c.absorbedOverNaive, '×')} | ${cell(c.cachedOverUncached, '×')} | ${c.absorbedMs.n} |`,
      );
    }
  }
  return lines.join('\n');
}

/** The issue's target: absorbed + cache at C = 1024 at least 3× faster than recomputing without a cache. */
export function targetLine(rs: TargetResult[], context = 1024, target = 3): string {
  const measured = rs.flatMap((r) => {
    const c = r.contexts.find((x) => x.context === context);
    return c && done(c) ? [{ r, ratio: c.cachedOverUncached.median }] : [];
  });
  const ok = measured.filter((m) => valid(m.r));
  const invalid = measured.filter((m) => !valid(m.r)).map((m) => m.r.target);
  const head = `Target — absorbed + cache ≥ ${target}× faster than no cache at C = ${context}:`;
  if (ok.length === 0) return `${head} not measured on a backend with valid logits in this run.`;
  const met = ok.every((m) => m.ratio >= target);
  const list = ok.map((m) => `${m.r.target} ${num(m.ratio)}×`).join(', ');
  return `${head} ${met ? 'met' : 'NOT met'} (${list})${invalid.length ? `; not counted (invalid logits): ${invalid.join(', ')}` : ''}.`;
}

export function machineLine(m: Machine): string {
  return (
    `${m.cpus} × ${m.cpuModel}, ${num(m.memoryGiB)} GiB, ${m.os}, Node ${m.node}` +
    (m.chromium ? `, ${m.chromium}` : '')
  );
}

export function markdown(rec: BenchRecord): string {
  const parts = [
    `TinySeek (TINYSEEK config, random weights), ${rec.date}${rec.quick ? ', --quick' : ''}: ${machineLine(rec.machine)}.`,
    'Median (min–max) of repeated runs; every timing ends with the logits downloaded.',
    '',
    speedTable(rec.results),
    '',
    ...(dispatchTable(rec.results) ? [dispatchTable(rec.results), ''] : []),
    'Per new token at context C (C − 1 cached tokens + the new one). Ratios are per pair of runs made side by side.',
    '',
    ratioTable(rec.results),
    '',
    targetLine(rec.results),
  ];
  for (const f of rec.failures) parts.push('', `${f.target} did not run: ${f.error}`);
  return parts.join('\n');
}
