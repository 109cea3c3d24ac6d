/**
 * `npm run bench [-- PART…] [--quick] [--only TARGETS]`, PART one of model, mha, memory, train,
 * grpo, load, ui, bundle (none: all of them).
 *
 * - model: prefill/decode speed, absorbed vs naive and cached vs uncached at 64/256/1024, on cpu
 *   and wasm in Node and webgpu, webgl, wasm in headless Chromium (bench/modelBench.ts);
 * - mha: MLA against the MHA baseline of the same shape at 1024 tokens (Node wasm);
 * - memory: latent cache bytes against the formula, tensors over 1,000 decode steps, peak tensor
 *   memory, JS heap (Node wasm);
 * - train: training tokens/s (Node wasm, also bench/trainBench.ts); grpo: GRPO step time at G = 8 (bench/grpoBench.ts);
 * - load, ui: the production app in headless Chromium per backend (bench/appBench.ts);
 * - bundle: initial JS, worker, each backend's chunk, views, wasm, model files (bench/bundleBench.ts).
 *
 * Progress goes to stderr, markdown tables to stdout, the JSON record to
 * bench/results/<date>-<host>.json (parts measured now replace those of an earlier run that day).
 * Not a test: nothing is asserted. `--report FILE` prints the tables of a saved run.
 */
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { parseFlags } from '../src/cli/args';
import { registerNodeGradients } from '../src/cli/nodeGradients';
import { TINYSEEK } from '../src/model/presets';
import { BpeTokenizer } from '../src/model/tokenizer';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import { appBench, type AppPlan } from './appBench';
import { runInChromium } from './browser';
import { bundleBench } from './bundleBench';
import { grpoBench } from './grpoBench';
import { memoryBench, mhaBench, trainBench, type TrainResult } from './coreParts';
import { FULL_PLAN, QUICK_PLAN, runModelBench } from './modelBench';
import { appTables, bundleTable, grpoTable, memoryTable, mhaTable, trainTable } from './partsReport';
import { markdown, machineLine, type BenchRecord } from './report';
import { benchTraining } from './trainBench';

const PARTS = ['model', 'mha', 'memory', 'train', 'grpo', 'load', 'ui', 'bundle'] as const;
type Part = (typeof PARTS)[number];
const APP_BACKENDS = ['wasm', 'webgpu', 'webgl', 'cpu'] as const;
const TARGETS = ['node:cpu', 'node:wasm', 'chromium:webgpu', 'chromium:webgl', 'chromium:wasm'];
const USAGE = `usage: npm run bench [-- ${PARTS.join('|')} …] [--quick] [--only ${TARGETS.join(',')}]
       npm run bench -- --report bench/results/FILE.json   (the tables of a saved run)`;
const RESULTS = 'bench/results';

const log = (line: string) => process.stderr.write(`${line}\n`);
const tag = (prefix: string) => (line: string) => log(`[${prefix}] ${line}`);

async function benchModel(rec: BenchRecord, quick: boolean, only: string | undefined): Promise<void> {
  const targets = only ? only.split(',') : TARGETS;
  const unknown = targets.find((t) => !TARGETS.includes(t));
  if (unknown) throw new Error(`unknown target "${unknown}" (known: ${TARGETS.join(', ')})`);
  const plan = quick ? QUICK_PLAN : FULL_PLAN;
  rec.results = [];
  rec.failures = [];
  for (const target of targets.filter((t) => t.startsWith('node:'))) {
    const name = target.slice('node:'.length) as 'cpu' | 'wasm';
    try {
      await selectNodeBackend([name]);
      const r = await runModelBench(TINYSEEK, plan, `node ${process.version}`, tag(target));
      rec.results.push({ target, ...r });
    } catch (e) {
      rec.failures.push({ target, error: (e as Error).message.split('\n')[0] });
    }
  }
  const inBrowser = targets.filter((t) => t.startsWith('chromium:')).map((t) => t.slice('chromium:'.length));
  if (inBrowser.length === 0) return;
  try {
    for (const o of await runInChromium(inBrowser, plan, (quick ? 10 : 90) * 60_000, log)) {
      if (o.ok && 'result' in o) {
        rec.results.push({ target: `chromium:${o.result.backend}`, ...o.result });
        rec.machine.chromium ??= o.result.host;
      } else if (!o.ok) rec.failures.push({ target: `chromium:${o.backend}`, error: o.error });
    }
  } catch (e) {
    rec.failures.push({ target: 'chromium', error: (e as Error).message.split('\n')[0] });
  }
}

async function run(parts: Part[], quick: boolean, only: string | undefined): Promise<BenchRecord> {
  const date = new Date().toISOString().slice(0, 10);
  const host = hostname().replace(/[^\w.-]/g, '-');
  const path = join(RESULTS, `${date}-${host}.json`);
  const rec: BenchRecord = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as BenchRecord)
    : {
        date,
        quick,
        machine: {
          host: hostname(),
          os: `${type()} ${release()}`,
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
          memoryGiB: totalmem() / 2 ** 30,
          node: process.version,
          chromium: null,
        },
        results: [],
        failures: [],
      };
  rec.parts ??= {};
  const t0 = Date.now();
  const has = (p: Part) => parts.includes(p);
  if (has('model')) {
    await benchModel(rec, quick, only);
    rec.quick = quick;
  }
  if (has('mha') || has('memory') || has('train')) {
    await selectNodeBackend(['wasm']);
    if (has('mha'))
      rec.parts.mha = [{ target: 'node:wasm', ...(await mhaBench(TINYSEEK, 1024, quick ? 3 : 15, tag('mha'))) }];
    if (has('memory'))
      rec.parts.memory = [{ target: 'node:wasm', ...(await memoryBench(TINYSEEK, quick ? 100 : 1000, tag('memory'))) }];
    if (has('train')) {
      await registerNodeGradients();
      const rows: (TrainResult & { target: string })[] = [
        {
          target: 'node:wasm, TINYSEEK, trainStep',
          ...(await trainBench(TINYSEEK, quick ? 2 : 8, 8, 64, tag('train'))),
        },
      ];
      // bench/trainBench.ts: the Balance lab's trainer on the lab text
      const text = readFileSync('public/lab/balance-lab-train.txt', 'utf8');
      const tokenizer = BpeTokenizer.fromJSON(
        JSON.parse(readFileSync('public/models/tinyseek/tokenizer.json', 'utf8')),
      );
      for (const model of ['lab-small', 'tinyseek'] as const) {
        const r = await benchTraining({ text, tokenizer, model, steps: quick ? 3 : 10 });
        tag('train')(`balance lab ${model}: ${r.tokensPerSec.median.toFixed(0)} tokens/s`);
        rows.push({
          target: `node:wasm, Balance lab ${model}`,
          backend: r.backend,
          batch: { B: r.settings.batchSize, T: r.settings.seqLen },
          tokensPerSec: r.tokensPerSec,
          stepMs: r.msPerStep,
        });
      }
      // the same trainer in headless Chromium, per backend (--only chromium:… narrows them)
      const backends = ['webgpu', 'webgl', 'wasm'].filter((b) => !only || only.split(',').includes(`chromium:${b}`));
      const steps = String(quick ? 3 : 10);
      try {
        const outcomes = await runInChromium(backends, QUICK_PLAN, 20 * 60_000, tag('train'), { task: 'train', steps });
        for (const o of outcomes) {
          if (o.ok && 'train' in o) {
            rows.push({
              target: `chromium:${o.train.backend}, Balance lab lab-small`,
              backend: o.train.backend,
              batch: { B: o.train.settings.batchSize, T: o.train.settings.seqLen },
              tokensPerSec: o.train.tokensPerSec,
              stepMs: o.train.msPerStep,
            });
          } else if (!o.ok) rec.failures.push({ target: `chromium:${o.backend} (train)`, error: o.error });
        }
      } catch (e) {
        rec.failures.push({ target: 'chromium (train)', error: (e as Error).message.split('\n')[0] });
      }
      rec.parts.train = rows;
    }
  }
  if (has('grpo')) rec.parts.grpo = [await grpoBench(TINYSEEK, { G: 8, steps: quick ? 2 : 5, quick }, tag('grpo'))];
  if (has('load') || has('ui') || has('bundle')) {
    const outDir = mkdtempSync(join(tmpdir(), 'tinyseek-app-'));
    try {
      await build({ logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
      if (has('bundle')) rec.parts.bundle = bundleBench(outDir);
      if (has('load') || has('ui')) {
        const plan: AppPlan = {
          // --only chromium:wasm,… narrows the app's backends too
          backends: APP_BACKENDS.filter((b) => !only || only.split(',').includes(`chromium:${b}`)),
          reps: quick ? 1 : 3,
          tokens: quick ? { wasm: 16, webgpu: 4, webgl: 3, cpu: 4 } : { wasm: 32, webgpu: 16, webgl: 8, cpu: 12 },
          steps: quick ? 3 : 7,
          prompt: 'Once upon a time there was a little fox',
          timeoutMs: (quick ? 5 : 15) * 60_000,
        };
        const app = await appBench(outDir, plan, tag('app'));
        // the chunk names of this very build: a bundle part from another run has other hashes
        app.backendEntries = bundleBench(outDir).backendEntries;
        rec.parts.app = app;
        rec.machine.chromium ??= app.chromium;
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  log(`bench: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path, JSON.stringify(rec, null, 2) + '\n');
  log(`bench: wrote ${path}`);
  return rec;
}

export function allTables(rec: BenchRecord): string {
  const p = rec.parts ?? {};
  const out: string[] = [];
  if (rec.results.length || rec.failures.length) out.push(markdown(rec));
  else out.push(`TinySeek, ${rec.date}: ${machineLine(rec.machine)}.`);
  if (p.mha) out.push('', '### MLA against MHA (same heads)', '', mhaTable(p.mha));
  if (p.memory) out.push('', '### Memory', '', memoryTable(p.memory));
  if (p.train) out.push('', '### Training', '', trainTable(p.train));
  if (p.grpo && Array.isArray(p.grpo)) out.push('', '### GRPO', '', grpoTable(p.grpo));
  if (p.app) out.push('', '### The app in headless Chromium', '', appTables(p.app));
  if (p.bundle)
    out.push(
      '',
      '### Bundle',
      '',
      bundleTable(
        p.bundle,
        p.app?.backends.map((b) => ({ backend: b.active, files: b.fetched.map((f) => f.file) })),
        p.app?.backendEntries,
      ),
    );
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  try {
    const flags = parseFlags(
      args.filter((a) => !(PARTS as readonly string[]).includes(a)),
      { quick: 'boolean', only: 'string', report: 'string' },
    );
    if (flags.report) {
      process.stdout.write(allTables(JSON.parse(readFileSync(flags.report, 'utf8')) as BenchRecord) + '\n');
      return;
    }
    const parts = args.filter((a): a is Part => (PARTS as readonly string[]).includes(a));
    const rec = await run(parts.length ? parts : [...PARTS], !!flags.quick, flags.only);
    process.stdout.write(allTables(rec) + '\n');
  } catch (e) {
    log(`bench: ${(e as Error).message.split('\n')[0]}\n${USAGE}`);
    process.exitCode = 1;
  }
}

void main();
