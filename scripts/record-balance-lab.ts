/**
 * `npm run record-balance-lab`: records the Balance lab's two one-click demonstrations with the
 * real trainer (Node, wasm backend, the lab text and tokenizer the page uses) and writes them as
 * lab run files for the stories: stories/fixtures/balance-lab-collapse.json (all α = 0) and
 * stories/fixtures/balance-lab-balanced.json (α1 = 0.02), 160 steps each, seed 1; plus a short
 * run with token dropping on (balance-lab-dropping.json), and DeepSeek-V3's bias balancing on the
 * same seed (balance-lab-v3bias.json, every α = 0, γ = 0.01). Prints the busier layer's top-2
 * share averaged over the last 40 steps of each. Names after `--` record only those runs.
 */
import '@tensorflow/tfjs-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { registerNodeGradients } from '../src/cli/nodeGradients';
import { BpeTokenizer } from '../src/model/tokenizer';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import { encodeCorpus } from '../src/train/data';
import { RUN_FORMAT, toPoint, type LabRunFile } from '../src/train/lab/labRun';
import { LAB_PRESETS, type LabSettings } from '../src/train/lab/labSettings';
import { BalanceLabTrainer } from '../src/train/lab/labTrainer';

const RUNS: { name: string; settings: LabSettings; steps: number }[] = [
  { name: 'collapse', settings: LAB_PRESETS.collapse, steps: 160 },
  { name: 'balanced', settings: LAB_PRESETS.balanced, steps: 160 },
  { name: 'dropping', settings: { ...LAB_PRESETS.balanced, dropping: true, capacityFactor: 1 }, steps: 40 },
  { name: 'v3bias', settings: LAB_PRESETS.v3bias, steps: 160 },
];

async function main(): Promise<void> {
  const status = await selectNodeBackend();
  await registerNodeGradients();
  const tok = BpeTokenizer.fromJSON(JSON.parse(readFileSync('public/models/tinyseek/tokenizer.json', 'utf8')));
  const tokens = encodeCorpus(readFileSync('public/lab/balance-lab-train.txt', 'utf8'), tok);
  const only = process.argv.slice(2);
  for (const r of RUNS.filter((x) => only.length === 0 || only.includes(x.name))) {
    const trainer = BalanceLabTrainer.create(r.settings, tokens);
    const events = [];
    try {
      for (let i = 0; i < r.steps; i++) events.push(await trainer.step());
    } finally {
      trainer.dispose();
    }
    const run: LabRunFile = {
      format: RUN_FORMAT,
      version: 1,
      settings: r.settings,
      backend: `node:${status.active}`,
      layers: events[0].layers.map((l) => l.layer),
      points: events.map((e) => {
        const p = toPoint(e);
        const round = (x: number) => Number(x.toPrecision(4));
        const bias = p.bias ? { bias: p.bias.map((row) => row.map(round)) } : {};
        return { ...p, f: p.f.map((row) => row.map(round)), ...bias, tokensPerSec: Math.round(p.tokensPerSec) };
      }),
    };
    const file = `stories/fixtures/balance-lab-${r.name}.json`;
    writeFileSync(file, JSON.stringify(run) + '\n');
    const late = events.slice(-40);
    const top2 = late.reduce((a, e) => a + Math.max(...e.layers.map((l) => l.top2Share)), 0) / late.length;
    const tps = events.reduce((a, e) => a + e.tokensPerSec, 0) / events.length;
    console.log(
      `${file}: ${r.steps} steps, busier layer's top-2 share over the last 40 = ${(100 * top2).toFixed(1)}%, ` +
        `last max/mean load ${events.at(-1)!.maxLoad.toFixed(2)}, LM loss ${events[0].lmLoss.toFixed(2)} → ${events.at(-1)!.lmLoss.toFixed(2)}, ` +
        `${tps.toFixed(0)} tokens/s (${status.active})`,
    );
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
