/**
 * The short timed decode probe a worker runs on each candidate backend when it chooses by speed
 * (runtime/backends.ts chooseFastest): the shipped model's shape (TINYSEEK) with seeded random
 * weights, a 4-token prefill and one untimed step (shaders compile, buffers settle), then decode
 * steps for up to `budgetMs` or `steps` steps, whichever comes first. Everything is freed after.
 */
import { DeepseekV2Model } from '../model/model';
import { TINYSEEK } from '../model/presets';
import { initWeights, type HostWeights } from '../model/weights';

export interface ProbeOptions {
  /** most timed decode steps (default 8). */
  steps?: number;
  /** stop timing after this long (default 600 ms), at least one step. */
  budgetMs?: number;
}

/** A probe for one choice: each call measures the active backend; the host weights are made once and go with it. */
export function makeDecodeProbe(opts: ProbeOptions = {}): () => Promise<number> {
  let weights: HostWeights | null = null;
  return () => decodeProbe((weights ??= initWeights(TINYSEEK, 1)), opts);
}

/** Decode tokens/s of the active backend on a TINYSEEK-shaped model with these weights. */
async function decodeProbe(weights: HostWeights, opts: ProbeOptions): Promise<number> {
  const steps = opts.steps ?? 8;
  const budget = opts.budgetMs ?? 600;
  const model = DeepseekV2Model.fromHostWeights(TINYSEEK, weights);
  const cache = model.newCache();
  try {
    const step = async (token: number) => {
      const r = model.decodeStep(token, cache);
      await r.logits.data();
      r.logits.dispose();
    };
    const pre = model.prefill([1, 2, 3, 4], cache);
    await pre.logits.data();
    pre.logits.dispose();
    await step(5);
    const t0 = performance.now();
    let done = 0;
    while (done < steps && (done === 0 || performance.now() - t0 < budget)) await step(6 + done++);
    return (done * 1000) / (performance.now() - t0);
  } finally {
    cache.dispose();
    model.dispose();
  }
}
