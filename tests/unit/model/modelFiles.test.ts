/**
 * What parseModelFiles refuses, and how it says so: a model too large for the page (from the
 * config alone, before a byte of the weights is read), each file named once, and Hugging Face's
 * sharded layout read through its index.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, toConfigJson } from '../../../src/model/config';
import { MAX_TENSORS, MAX_WEIGHT_BYTES, parseModelFiles, SHARD_INDEX } from '../../../src/model/modelFiles';
import { TINY_TEST } from '../../../src/model/presets';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { tensorCount } from '../../../src/model/sizes';
import { initWeights, type HostWeights } from '../../../src/model/weights';

const config = toConfigJson(TINY_TEST);
const weights = initWeights(TINY_TEST, 3);
const NO_WEIGHTS = new Uint8Array(0);

describe('parseModelFiles refuses a model too large to load, from its config alone', () => {
  it('100,000 layers × 100,000 experts: the weights it would need, and the budget', () => {
    const huge = { ...config, num_hidden_layers: 100_000, n_routed_experts: 100_000, n_group: 1, topk_group: 1 };
    // the weights are not even read: an empty file would fail later, with another message
    expect(() => parseModelFiles({ config: huge, weights: NO_WEIGHTS })).toThrow(
      /^config\.json: the weights need [\d,]+ GB; TinySeek loads at most 1\.0 GB$/,
    );
    expect(MAX_WEIGHT_BYTES).toBe(1e9);
  });

  it('a billion layers is sized in closed form, not layer by layer', () => {
    expect(() => parseModelFiles({ config: { ...config, num_hidden_layers: 1e9 }, weights: NO_WEIGHTS })).toThrow(
      /^config\.json: the weights need [\d,]+ GB/,
    );
  });

  it('small but very many experts: the tensor count, and its limit', () => {
    const many = {
      ...config,
      hidden_size: 4,
      moe_intermediate_size: 1,
      n_routed_experts: 200_000,
      n_group: 1,
      topk_group: 1,
    };
    expect(() => parseModelFiles({ config: many, weights: NO_WEIGHTS })).toThrow(
      `config.json: the model has ${tensorCount(parseConfig(many)).toLocaleString('en-US')} weight tensors; TinySeek loads at most ${MAX_TENSORS.toLocaleString('en-US')}`,
    );
  });

  it('a model inside the budget loads', () => {
    const m = parseModelFiles({ config, weights: serializeSafetensors(weights) });
    expect(m.weights.size).toBe(weights.size);
  });
});

describe('parseModelFiles names each file once', () => {
  it('a bad tokenizer.json', () => {
    const bad = { model: { type: 'Unigram' } };
    expect(() => parseModelFiles({ config, weights: serializeSafetensors(weights), tokenizer: bad })).toThrow(
      /^tokenizer\.json: model\.type is "Unigram", expected "BPE"$/,
    );
  });
  it('a bad config.json keeps the field it names', () => {
    expect(() => parseModelFiles({ config: { ...config, hidden_size: -1 }, weights: NO_WEIGHTS })).toThrow(
      /^config\.json: config\.hidden_size: expected a positive integer, got -1$/,
    );
  });
});

/** Splits weights into two shards, as Hugging Face's save_pretrained does, with the index. */
function shard(w: HostWeights) {
  const names = [...w.keys()];
  const half = Math.ceil(names.length / 2);
  const files = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const parts = [names.slice(0, half), names.slice(half)];
  const weight_map: Record<string, string> = {};
  parts.forEach((part, i) => part.forEach((n) => (weight_map[n] = files[i])));
  const shards = new Map(
    parts.map((part, i) => [files[i], serializeSafetensors(new Map(part.map((n) => [n, w.get(n)!])))]),
  );
  return { index: { metadata: { total_size: 0 }, weight_map }, shards };
}

describe('parseModelFiles reads a sharded checkpoint through model.safetensors.index.json', () => {
  it('every tensor of every shard the index names, the same as one file', () => {
    const sharded = parseModelFiles({ config, weights: shard(weights) });
    const single = parseModelFiles({ config, weights: serializeSafetensors(weights) });
    expect([...sharded.weights.keys()].sort()).toEqual([...single.weights.keys()].sort());
    for (const [name, t] of single.weights) {
      expect(sharded.weights.get(name)!.shape).toEqual(t.shape);
      expect(sharded.weights.get(name)!.data).toEqual(t.data);
    }
  });

  it('a shard the index names but nobody dropped', () => {
    const s = shard(weights);
    s.shards.delete('model-00002-of-00002.safetensors');
    expect(() => parseModelFiles({ config, weights: s })).toThrow(
      `${SHARD_INDEX}: names model-00002-of-00002.safetensors, which is missing (got model-00001-of-00002.safetensors)`,
    );
  });

  it('an index without a weight_map', () => {
    expect(() => parseModelFiles({ config, weights: { index: {}, shards: new Map() } })).toThrow(
      `${SHARD_INDEX}: expected a "weight_map" object of tensor names to shard files`,
    );
  });

  it('a tensor missing from every shard is named', () => {
    const s = shard(new Map([...weights].filter(([n]) => n !== 'model.norm.weight')));
    expect(() => parseModelFiles({ config, weights: s })).toThrow(`${SHARD_INDEX}: missing tensor model.norm.weight`);
  });
});

describe('parseConfig through parseModelFiles: an MLA config without kv_lora_rank', () => {
  it('is refused by name instead of defaulting', () => {
    const { kv_lora_rank: _, ...without } = config;
    expect(() => parseModelFiles({ config: without, weights: serializeSafetensors(weights) })).toThrow(
      /^config\.json: config\.kv_lora_rank: is missing; MLA needs the width d_c of its KV latent$/,
    );
    expect(parseConfig({ ...without, kv_lora_rank: TINY_TEST.kv_lora_rank }).kv_lora_rank).toBe(16);
  });
});
