/** Markdown for the benchmark parts beyond `model`: mha, memory, train, grpo, app (load, ui), bundle. */
import type { AppResult } from './appBench';
import type { BundleResult, Sized } from './bundleBench';
import type { MemoryResult, MhaResult, TrainResult } from './coreParts';
import type { GrpoBenchResult } from './grpoBench';
import { num } from './report';
import type { Spread } from './stats';

const cell = (s: Spread, unit = '') =>
  s.n > 1 ? `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})` : `${num(s.median)}${unit}`;
const kib = (b: number) => (b >= 2 ** 20 ? `${num(b / 2 ** 20)} MiB` : `${num(b / 1024)} KiB`);
const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function mhaTable(rs: (MhaResult & { target: string })[]): string {
  const lines = [
    '| backend | C | MLA decode, tokens/s | MHA decode, tokens/s | MLA / MHA speed (paired) | MLA cache | MHA cache | MLA / MHA bytes |',
    '|---|---:|---|---|---|---:|---:|---:|',
  ];
  for (const r of rs)
    lines.push(
      `| ${r.target} | ${r.context} | ${cell(r.mla.tokensPerSec)} | ${cell(r.mha.tokensPerSec)} | ${cell(r.mlaSpeedup, '×')} | ` +
        `${kib(r.mla.cacheBytes)} | ${kib(r.mha.cacheBytes)} | ${(100 * r.cacheRatio).toFixed(1)}% |`,
    );
  return lines.join('\n');
}

export function memoryTable(rs: (MemoryResult & { target: string })[]): string {
  const lines = [
    '| backend | latent cache bytes = formula | tensors after step 1 → step N (cache held) | tensors before → after (model only) | peak tensor memory | JS heap before → after |',
    '|---|---|---|---|---:|---|',
  ];
  for (const r of rs) {
    const cacheOk = r.cache.every((c) => c.bytes === c.formula);
    const heap = r.heapBefore !== null && r.heapAfter !== null ? `${kib(r.heapBefore)} → ${kib(r.heapAfter)}` : 'n/a';
    lines.push(
      `| ${r.target} | ${cacheOk ? 'yes' : '**no**'}: ${r.cache.map((c) => `${c.tokens} tok ${kib(c.bytes)}`).join(', ')} | ` +
        `${r.tensors.afterFirstStep} → ${r.tensors.afterLastStep} (N = ${r.steps}) | ${r.tensors.before} → ${r.tensors.after} | ` +
        `${kib(r.peakTensorBytes)} | ${heap} |`,
    );
  }
  return lines.join('\n');
}

export function trainTable(rs: (TrainResult & { target: string })[]): string {
  const lines = ['| backend | batch B×T | training tokens/s | ms per step |', '|---|---|---|---|'];
  for (const r of rs)
    lines.push(`| ${r.target} | ${r.batch.B}×${r.batch.T} | ${cell(r.tokensPerSec)} | ${cell(r.stepMs)} |`);
  return lines.join('\n');
}

export function grpoTable(rs: GrpoBenchResult[]): string {
  const lines = [
    '| where | weights | G × prompts | step, ms | sampling, ms | update, ms | tokens per output | steps with reward signal | tensor delta |',
    '|---|---|---|---|---|---|---:|---:|---:|',
  ];
  for (const r of rs)
    lines.push(
      `| ${r.target} | ${r.weights} | ${r.G} × ${r.prompts} | ${cell(r.stepMs)} | ${cell(r.sampleMs)} | ${cell(r.updateMs)} | ` +
        `${num(r.tokensPerOutput)} | ${r.signalSteps} of ${r.stepMs.n} | ${r.tensorDelta} |`,
    );
  return lines.join('\n');
}

export function appTables(a: AppResult): string {
  const lines = [
    '| backend (ran on) | model load, ms | prompt prefill, ms | first token, ms | time to first token, ms | decode in the app, tokens/s | long tasks while playing (longest) | frame time median / p95 / max, ms |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const b of a.backends)
    lines.push(
      `| ${b.backend}${b.active !== b.backend ? ` (${b.active})` : ''} | ${cell(b.loadMs)} | ${cell(b.prefillMs)} | ${cell(b.firstTokenMs)} | ` +
        `${cell(b.ttftMs)} | ${cell(b.decodeTokensPerSec)} | ${b.longTasks} (${num(b.longestTaskMs)} ms) | ` +
        `${num(b.frameMs.median)} / ${num(b.frameMs.p95)} / ${num(b.frameMs.max)} |`,
    );
  const first = a.backends[0]?.backend ?? '?';
  const extra: string[] = [];
  if (a.stepToViewsMs)
    extra.push(
      `Step click → the Model flow and the open view updated and painted (${first}): ${cell(a.stepToViewsMs, ' ms')}; regions whose text changed per click: ${a.viewsUpdated.join(', ')} of 2.`,
    );
  if (a.fcpMs && a.ttiMs && a.modelReadyMs)
    extra.push(
      `Localhost, ${first}: first contentful paint ${cell(a.fcpMs, ' ms')}, time to interactive ${cell(a.ttiMs, ' ms')} ` +
        `(end of the last long task before 5 s without one), model ready ${cell(a.modelReadyMs, ' ms')} after navigation.`,
    );
  for (const b of a.backends)
    if (b.dispatches)
      extra.push(
        `GPU dispatches in the app (${b.active}), counted by the model worker: ${b.dispatches.decodePerToken} per decode token, trace on ` +
          `(issue #15's budget: ≤ 60)` +
          (b.dispatches.prefillPerToken === null
            ? '.'
            : `; the prompt's prefill ${num(b.dispatches.prefillPerToken)} per prompt token.`),
      );
  const ratio = a.webgpuVsWasm;
  if (ratio)
    extra.push(
      `WebGPU against wasm, decode in the app in this run: ${num(ratio.webgpu)} / ${num(ratio.wasm)} tokens/s = ` +
        `${ratio.ratio.toFixed(ratio.ratio < 0.1 ? 3 : 2)}× (issue #15's target: ≥ 0.25×).`,
    );
  for (const f of a.failures) extra.push(`${f.backend} did not run: ${f.error}`);
  return [lines.join('\n'), '', ...extra.flatMap((e) => [e, ''])].join('\n').trimEnd();
}

const sizeRow = (name: string, s: Sized) => `| ${name} | ${kib(s.bytes)} | ${kib(s.gzip)} | ${s.files.length} |`;

export function bundleTable(
  b: BundleResult,
  fetched?: { backend: string; files: string[] }[],
  /** the backend chunks of the build the app ran (default: the bundle part's). */
  entries: Record<string, string> = b.backendEntries,
): string {
  const lines = ['| part | raw | gzip | files |', '|---|---:|---:|---:|'];
  lines.push(sizeRow('initial JS (index.html and its static imports)', b.initial));
  lines.push(sizeRow('model worker (its static imports)', b.worker));
  for (const [name, s] of Object.entries(b.backends)) lines.push(sizeRow(`backend ${name} (on demand)`, s));
  lines.push(sizeRow('the six views with d3 (on demand)', b.views));
  lines.push(sizeRow('other lazy JS (labs and their workers)', b.otherLazy));
  for (const w of b.wasm) lines.push(`| ${w.file} | ${kib(w.bytes)} | ${kib(w.gzip)} | 1 |`);
  for (const m of b.model) lines.push(`| model: ${m.file} | ${kib(m.bytes)} | ${kib(m.gzip)} | 1 |`);
  const out = [lines.join('\n')];
  if (fetched?.length) {
    const only = fetched.map(({ backend, files }) => ({
      backend,
      loaded: Object.entries(entries)
        .filter(([, entry]) => files.some((g) => g.endsWith(`/${entry}`)))
        .map(([n]) => n),
    }));
    const ok = only.every((o) => o.loaded.length === 1 && o.loaded[0] === o.backend);
    out.push(
      '',
      `Backend chunks the page really fetched: ${only.map((o) => `${o.backend} → ${o.loaded.join('+') || 'none'}`).join('; ')}. ` +
        `Target — backends other than the active one load on demand: ${yes(ok)}.`,
    );
  }
  return out.join('\n');
}
