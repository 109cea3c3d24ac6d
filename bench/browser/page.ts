/**
 * The benchmark page: `?backend=webgpu&plan={…}` runs runModelBench on that backend (the same code
 * as in Node); `?task=train&steps=N` instead times the Balance lab's training (bench/trainBench.ts)
 * on the lab text. It leaves the result on window.__bench for the driver (bench/browser.ts).
 */
import '@tensorflow/tfjs-core'; // tfjs-core (its flags) before the gradients, which read them on load
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import labText from '../../public/lab/balance-lab-train.txt?raw';
import tokenizerJson from '../../public/models/tinyseek/tokenizer.json';
import { BpeTokenizer } from '../../src/model/tokenizer';
import { TINYSEEK } from '../../src/model/presets';
import { selectBackend, type BackendName } from '../../src/runtime/backends';
import { runModelBench, type BackendResult, type BenchPlan } from '../modelBench';
import { benchTraining, type TrainBenchResult } from '../trainBench';

export type PageOutcome =
  | { ok: true; result: BackendResult }
  | { ok: true; train: TrainBenchResult; host: string }
  | { ok: false; backend: string; error: string };

declare global {
  interface Window {
    __bench?: PageOutcome;
  }
}

async function main(): Promise<PageOutcome> {
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend') as BackendName;
  const plan = JSON.parse(params.get('plan') ?? 'null') as BenchPlan;
  const log = (line: string) => {
    console.log(line);
    document.getElementById('log')?.append(`\n${line}`);
  };
  try {
    const status = await selectBackend([backend]);
    const a = status.adapter;
    const chromium = `Chromium ${/Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '?'}`;
    const host = a ? `${chromium} (WebGPU adapter: ${a.vendor} ${a.architecture})`.replace(/ +\)/, ')') : chromium;
    log(`backend ${status.active}: ${host}`);
    if (params.get('task') === 'train') {
      const tokenizer = BpeTokenizer.fromJSON(tokenizerJson);
      const train = await benchTraining({ text: labText, tokenizer, steps: Number(params.get('steps') ?? 10) });
      return { ok: true, train, host };
    }
    return { ok: true, result: await runModelBench(TINYSEEK, plan, host, log) };
  } catch (e) {
    return { ok: false, backend, error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
}

void main().then((outcome) => {
  window.__bench = outcome;
});
