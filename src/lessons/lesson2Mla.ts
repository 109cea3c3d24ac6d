/** Lesson 2: the KV cache, and how Multi-head Latent Attention shrinks it to one small latent per token. */
import { kvCacheElementsPerToken, kvCacheElementsPerTokenPerLayer } from '../model/sizes';
import { DEEPSEEK_V2 } from '../model/presets';
import { NO_TOKENS, selectedLayer, selectedRecord, shown, waiting } from './live';
import type { Lesson } from './types';

const PROMPT = 'Alice was beginning to get very tired of';

export const lesson2Mla: Lesson = {
  id: 'mla',
  title: '2 · Multi-head Latent Attention and the KV cache',
  summary: 'What the KV cache holds per token, and how much MLA saves against ordinary attention.',
  steps: [
    {
      title: 'What the cache keeps per token',
      text: 'To write each new token, attention looks back at the keys and values of all earlier tokens, so they are kept in a KV cache. MLA keeps one compressed latent c_KV per token and layer, plus one small RoPE key shared by all heads.',
      setup: { page: 'explore', prompt: PROMPT, generate: 4, select: 'last', layer: 1, view: 'kv' },
      question: {
        prompt: 'How many values per token per layer will MLA keep for this model?',
        kind: 'number',
        unit: 'values',
        answer: (s) => {
          const l = selectedLayer(s);
          if (!l) return waiting(NO_TOKENS);
          const held = l.cKV.length + l.kR.length;
          const fromConfig = kvCacheElementsPerTokenPerLayer(s.model!.config).mla;
          return {
            kind: 'number',
            value: held,
            shown: `${held} values`,
            explain: `The token’s latent c_KV has ${l.cKV.length} values and its RoPE key k_R ${l.kR.length}: ${held} in all, as the config says (d_c + d_h^R = ${fromConfig}).`,
          };
        },
      },
    },
    {
      title: 'Against ordinary multi-head attention',
      text: 'Multi-head attention (MHA) with the same heads would cache a full key and a full value for every head.',
      setup: { page: 'explore', layer: 1, view: 'kv' },
      question: {
        prompt: 'How many values per token per layer would MHA keep with this model’s heads?',
        kind: 'number',
        unit: 'values',
        answer: (s) => {
          if (!s.model) return waiting('the model has not loaded yet');
          const k = kvCacheElementsPerTokenPerLayer(s.model.config);
          const c = s.model.config;
          return {
            kind: 'number',
            value: k.mha,
            shown: `${k.mha} values`,
            explain: `2 (key and value) × ${c.num_attention_heads} heads × ${c.qk_nope_head_dim} = ${k.mha}. MLA keeps ${k.mla}, ${Math.round((100 * k.mla) / k.mha)}% of that.`,
          };
        },
      },
    },
    {
      title: 'At DeepSeek-V2’s scale',
      text: 'DeepSeek-V2 has 60 layers and 128 heads. The projection at the bottom of the KV cache view scales the same arithmetic up to its config.',
      setup: { page: 'explore', view: 'kv' },
      question: {
        prompt: 'For DeepSeek-V2, how many values per token will MLA keep over all its layers? And MHA?',
        kind: 'number',
        unit: 'values (MLA)',
        answer: () => {
          const k = kvCacheElementsPerToken(DEEPSEEK_V2);
          return {
            kind: 'number',
            value: k.mla,
            shown: `${shown(k.mla)} values`,
            explain: `${DEEPSEEK_V2.num_hidden_layers} layers × (${DEEPSEEK_V2.kv_lora_rank} + ${DEEPSEEK_V2.qk_rope_head_dim}) = ${shown(k.mla)}; MHA would keep ${shown(k.mha)}, ${shown(k.mha / k.mla)} times as many.`,
            tolerance: 0.1,
          };
        },
      },
    },
    {
      title: 'The real cache, growing',
      text: 'The meter at the top of the KV cache view shows the bytes the latent cache really holds after the selected token. Step back and forth and watch it change.',
      setup: { page: 'explore', prompt: PROMPT, generate: 8, select: 'last', view: 'kv' },
      question: {
        prompt: 'How many bytes does the latent cache hold after the last token (all layers)?',
        kind: 'number',
        unit: 'bytes',
        answer: (s) => {
          const r = selectedRecord(s);
          if (!r) return waiting(NO_TOKENS);
          const k = kvCacheElementsPerToken(s.model!.config).mla;
          return {
            kind: 'number',
            value: r.cacheBytes,
            shown: `${r.cacheBytes.toLocaleString('en-US')} bytes`,
            explain: `${r.index + 1} tokens × ${k} values × ${shown(r.cacheBytes / ((r.index + 1) * k))} bytes each (float32) = ${r.cacheBytes.toLocaleString('en-US')} bytes.`,
            tolerance: 0.1,
          };
        },
      },
    },
  ],
};
