/**
 * A model's trial run before it replaces the one in use: a short prompt through the same path a
 * prompt takes (prefill over the latent cache, then one decode step), so a model that passes
 * validation but cannot run (too short a context, a tokenizer id outside the vocabulary, weights
 * that give NaN or infinite logits) is refused with one line instead of breaking every prompt.
 */
import type { DeepseekV2Model } from './model';
import type { BpeTokenizer } from './tokenizer';

/** The fewest positions a model must hold to take a prompt: ⟨bos⟩, a few tokens and room to generate. */
export const MIN_CONTEXT = 16;

/** Text the trial encodes: words, punctuation and digits, as the app's example prompts have. */
const TRIAL_TEXT = 'Once upon a time, 12+25=';

export class TrialRunError extends Error {
  override name = 'TrialRunError';
}

/** Index of the first NaN or ±Infinity, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/** The argmax of a row of logits: the token the trial feeds back for its decode step. */
function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Throws a TrialRunError (one line, saying why) unless the model runs a short prompt and one more token cleanly. */
export async function trialRun(model: DeepseekV2Model, tokenizer: BpeTokenizer): Promise<void> {
  const c = model.config;
  if (c.max_position_embeddings < MIN_CONTEXT) {
    throw new TrialRunError(
      `config.max_position_embeddings is ${c.max_position_embeddings}; a prompt needs at least ${MIN_CONTEXT} positions`,
    );
  }
  // every id the tokenizer can write (0 … vocabSize − 1) must have a row in the embedding
  if (tokenizer.vocabSize > c.vocab_size) {
    throw new TrialRunError(
      `token id ${tokenizer.vocabSize - 1} of tokenizer.json is outside the model's vocabulary of ${c.vocab_size}`,
    );
  }
  const bos = tokenizer.specialTokens.bos;
  const ids = [...(bos === undefined ? [] : [bos]), ...tokenizer.encode(TRIAL_TEXT)].slice(0, MIN_CONTEXT - 1);
  const cache = model.newCache();
  try {
    const prefill = model.prefill(ids, cache).logits; // [T, V]
    const all = (await prefill.data()) as Float32Array;
    prefill.dispose();
    const V = c.vocab_size;
    const next = argmax(all.subarray((ids.length - 1) * V));
    const step = model.decodeStep(next, cache).logits; // [V]
    const last = (await step.data()) as Float32Array;
    step.dispose();
    for (const logits of [all, last]) {
      const bad = firstNonFinite(logits);
      if (bad >= 0) {
        throw new TrialRunError(
          `a trial run of ${ids.length + 1} tokens gave ${Number.isNaN(logits[bad]) ? 'NaN' : 'infinite'} logits, so the model cannot generate`,
        );
      }
    }
  } finally {
    cache.dispose();
  }
}
