/**
 * `npm run bench -- model [--quick] [--only node:cpu,chromium:webgpu,…]`
 *
 * The TINYSEEK model's prefill and decode speed, and the speed-ups of absorbed MLA (vs naive) and
 * of the latent cache (vs recomputing every token's prefix) at contexts 64, 256 and 1024, on every
 * backend: cpu and wasm in Node, webgpu, webgl and wasm in headless Chromium. Progress goes to
 * stderr, the markdown tables to stdout, the JSON record to bench/results/<date>-<host>.json.
 * Not a test: nothing is asserted; each backend's logits are compared with cpu's, and a backend
 * that differs is marked invalid in the tables. `--report FILE` prints the tables of a saved run.
 */
import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../src/cli/args';
import { TINYSEEK } from '../src/model/presets';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import { runInChromium } from './browser';
import { FULL_PLAN, QUICK_PLAN, runModelBench } from './modelBench';
import { markdown, type BenchRecord } from './report';

const TARGETS = ['node:cpu', 'node:wasm', 'chromium:webgpu', 'chromium:webgl', 'chromium:wasm'];
const USAGE = `usage: npm run bench -- model [--quick] [--only ${TARGETS.join(',')}]
       npm run bench -- model --report bench/results/FILE.json   (the tables of a saved run)`;
const RESULTS = 'bench/results';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function benchModel(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { quick: 'boolean', only: 'string', report: 'string' });
  if (flags.report) {
    process.stdout.write(markdown(JSON.parse(readFileSync(flags.report, 'utf8')) as BenchRecord) + '\n');
    return;
  }
  const targets = flags.only ? flags.only.split(',') : TARGETS;
  const unknown = targets.find((t) => !TARGETS.includes(t));
  if (unknown) throw new Error(`unknown target "${unknown}" (known: ${TARGETS.join(', ')})`);
  const plan = flags.quick ? QUICK_PLAN : FULL_PLAN;
  const rec: BenchRecord = {
    date: new Date().toISOString().slice(0, 10),
    quick: !!flags.quick,
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
  const t0 = Date.now();
  for (const target of targets.filter((t) => t.startsWith('node:'))) {
    const name = target.slice('node:'.length) as 'cpu' | 'wasm';
    try {
      await selectNodeBackend([name]);
      const r = await runModelBench(TINYSEEK, plan, `node ${process.version}`, (l) => log(`[${target}] ${l}`));
      rec.results.push({ target, ...r });
    } catch (e) {
      rec.failures.push({ target, error: (e as Error).message.split('\n')[0] });
    }
  }
  const inBrowser = targets.filter((t) => t.startsWith('chromium:')).map((t) => t.slice('chromium:'.length));
  if (inBrowser.length > 0) {
    const timeoutMs = (flags.quick ? 10 : 90) * 60_000;
    try {
      for (const o of await runInChromium(inBrowser, plan, timeoutMs, log)) {
        if (o.ok) {
          rec.results.push({ target: `chromium:${o.result.backend}`, ...o.result });
          rec.machine.chromium ??= o.result.host;
        } else rec.failures.push({ target: `chromium:${o.backend}`, error: o.error });
      }
    } catch (e) {
      rec.failures.push({ target: 'chromium', error: (e as Error).message.split('\n')[0] });
    }
  }
  log(`bench: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${rec.date}-${rec.machine.host.replace(/[^\w.-]/g, '-')}.json`);
  writeFileSync(path, JSON.stringify(rec, null, 2) + '\n');
  log(`bench: wrote ${path}`);
  process.stdout.write(markdown(rec) + '\n');
}

async function main(): Promise<void> {
  const [what, ...rest] = process.argv.slice(2);
  try {
    if (what !== 'model') throw new Error(what ? `unknown benchmark "${what}"` : 'which benchmark?');
    await benchModel(rest);
  } catch (e) {
    log(`bench: ${(e as Error).message.split('\n')[0]}\n${USAGE}`);
    process.exitCode = 1;
  }
}

void main();
