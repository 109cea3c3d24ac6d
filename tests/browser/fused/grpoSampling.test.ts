/**
 * The GRPO lab samples its group through generate → decodeStep (src/rl/sample.ts): on WebGPU
 * (SwiftShader here) each sampled token past the first goes through the fused decode, at most
 * 60 dispatches a token (the op-by-op step runs about 470).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countDispatches, countDispatchesAsync } from '../../../src/model/fused/dispatchCounter';
import { DeepseekV2Model } from '../../../src/model/model';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { promptTokens, sampleOutput } from '../../../src/rl/sample';
import { selectBackend } from '../../../src/runtime/backends';
import { loadShipped } from './shipped';

describe('GRPO sampling on webgpu', () => {
  it('decodes its tokens on the fused path', async () => {
    expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    const { config, weights } = await loadShipped();
    const tok = BpeTokenizer.fromJSON(
      await fetch('/models/tinyseek/tokenizer.json').then((r) => r.json() as Promise<unknown>),
    );
    // a trainable model, as the GRPO lab's policy is
    const model = DeepseekV2Model.fromHostWeights(config, weights, { trainable: true });
    const ids = promptTokens(tok, '12+7=');
    // the prefill and the slice of its last logits, as generate runs them
    const prefill = countDispatches(() => {
      const cache = model.newCache();
      const { logits } = model.prefill(ids, cache);
      const last = tf.slice(logits, [ids.length - 1, 0], [1, config.vocab_size]); // [1, V]
      return { cache, tensors: [logits, last] };
    });
    prefill.result.cache.dispose();
    tf.dispose(prefill.result.tensors);
    const sampled = await countDispatchesAsync(() => sampleOutput(model, tok, ids, 6, 3));
    const steps = sampled.result.ids.length - 1; // decode steps: every token after the first
    expect(steps).toBeGreaterThan(0);
    const perToken = ((sampled.dispatches as number) - (prefill.dispatches as number)) / steps;
    console.log(`GRPO sampling: ${perToken} dispatches per decode token`);
    expect(perToken).toBeGreaterThan(0);
    expect(perToken).toBeLessThanOrEqual(60);
    model.dispose();
  });
});
