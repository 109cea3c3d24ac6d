/** Lesson 3: the decoupled RoPE key, and absorbing the up-projections so attention reads the latent directly. */
import { NO_TOKENS, selectedLayer, selectedRecord, shown, waiting } from './live';
import type { Lesson } from './types';

const PROMPT = 'The old fox looked at the moon and said,';

/** The largest |naive − absorbed| over the selected token's layers; null when none was measured. */
function maxDiff(layers: { pathDiff: number | null }[]): number | null {
  const d = layers.flatMap((l) => (l.pathDiff === null ? [] : [l.pathDiff]));
  return d.length ? Math.max(...d) : null;
}

export const lesson3Rope: Lesson = {
  id: 'rope',
  title: '3 · Decoupled RoPE and weight absorption',
  summary: 'Why position lives in a separate small key, and how MLA attends without rebuilding keys.',
  steps: [
    {
      title: 'Two parts of every score',
      text: 'In MLA each attention score is a content part (compressed keys, no position) plus a position part from a small rotary (RoPE) query and key. The Attention view splits every head’s scores into the two.',
      setup: { page: 'explore', prompt: PROMPT, generate: 2, select: 'last', layer: 1, view: 'attention' },
      question: {
        prompt: 'Which part of the score knows how far apart two tokens are?',
        kind: 'choice',
        choices: ['The content part q^C·k^C', 'The position part q^R·k^R', 'Both equally'],
        answer: (s) => {
          const l = selectedLayer(s);
          if (!l) return waiting(NO_TOKENS);
          const rope = l.rope[0];
          const n = rope.length;
          return {
            kind: 'choice',
            index: 1,
            explain: `Only the position part is rotated by RoPE. Head 0 at this token: position part ${shown(rope[n - 1])} for itself, ${shown(rope[0])} for the first token.`,
          };
        },
      },
    },
    {
      title: 'One shared RoPE key',
      text: 'RoPE cannot be applied to the compressed latent without breaking the absorption trick, so DeepSeek-V2 adds one small RoPE key per token that every head shares, and caches it beside c_KV.',
      setup: { page: 'explore', layer: 1, view: 'attention' },
      question: {
        prompt: 'How many values does that shared RoPE key have per token?',
        kind: 'number',
        unit: 'values',
        answer: (s) => {
          const l = selectedLayer(s);
          if (!l) return waiting(NO_TOKENS);
          return {
            kind: 'number',
            value: l.kR.length,
            shown: `${l.kR.length} values`,
            explain: `k_R has d_h^R = ${s.model!.config.qk_rope_head_dim} values, shared by all ${s.model!.config.num_attention_heads} heads; the latent c_KV beside it has ${l.cKV.length}.`,
          };
        },
      },
    },
    {
      title: 'Weight absorption',
      text: 'The naive path rebuilds every head’s keys and values from c_KV. The absorbed path folds those up-projections into the query and the output, so attention reads the latent cache directly. The model computes both at every token.',
      setup: { page: 'explore', view: 'kv' },
      question: {
        prompt: 'How far apart are the two paths’ outputs at this token?',
        kind: 'choice',
        choices: ['About 1: a different result', 'About 0.01: close', 'Below 0.0001: the same up to rounding'],
        answer: (s) => {
          const r = selectedRecord(s);
          if (!r) return waiting(NO_TOKENS);
          const d = maxDiff(r.layers);
          if (d === null) return waiting('this token’s paths were not compared');
          return {
            kind: 'choice',
            index: d < 1e-4 ? 2 : d < 0.1 ? 1 : 0,
            explain: `The largest difference over the layers is ${d.toExponential(1)}: float32 rounding, so the two paths are one computation.`,
          };
        },
      },
    },
  ],
};
