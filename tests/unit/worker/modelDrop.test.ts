/**
 * Files a user drops: the shipped model split into two shards with Hugging Face's index loads
 * with every tensor; several .safetensors files without an index are refused by name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelFiles } from '../../../src/model/modelFiles';
import { parseSafetensors, serializeSafetensors } from '../../../src/model/safetensors';
import { modelFilesFromDrop } from '../../../src/worker/fetchModel';

const MODEL = 'public/models/tinyseek';
const buffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const file = (name: string, bytes: Uint8Array = readFileSync(`${MODEL}/${name}`)) => ({ name, buffer: buffer(bytes) });
const json = (name: string, v: unknown) => file(name, new TextEncoder().encode(JSON.stringify(v)));

/** The shipped weights in two shards, and the index that says which tensor is where. */
function twoShards() {
  const tensors = [...parseSafetensors(readFileSync(`${MODEL}/model.safetensors`)).tensors];
  const half = Math.ceil(tensors.length / 2);
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const parts = [tensors.slice(0, half), tensors.slice(half)];
  const weight_map = Object.fromEntries(parts.flatMap((part, i) => part.map(([n]) => [n, names[i]])));
  return {
    shards: parts.map((part, i) => file(names[i], serializeSafetensors(new Map(part)))),
    index: json('model.safetensors.index.json', { metadata: {}, weight_map }),
  };
}

describe('modelFilesFromDrop', () => {
  it('reads every shard the index names: the same model as the single file', () => {
    const { shards, index } = twoShards();
    const sharded = parseModelFiles(
      modelFilesFromDrop([file('config.json'), file('tokenizer.json'), index, ...shards]),
    );
    const single = parseModelFiles(
      modelFilesFromDrop([file('config.json'), file('tokenizer.json'), file('model.safetensors')]),
    );
    expect(sharded.weights.size).toBe(single.weights.size);
    for (const [name, t] of single.weights) expect(sharded.weights.get(name)!.data).toEqual(t.data);
  });

  it('refuses shards without their index, instead of reading only the first', () => {
    const { shards } = twoShards();
    expect(() => modelFilesFromDrop([file('config.json'), file('tokenizer.json'), ...shards])).toThrow(
      'dropped files: 2 .safetensors files but no model.safetensors.index.json to say which tensor is in which',
    );
  });

  it('names the shard the index wants when it was not dropped', () => {
    const { shards, index } = twoShards();
    const contents = modelFilesFromDrop([file('config.json'), file('tokenizer.json'), index, shards[0]]);
    expect(() => parseModelFiles(contents)).toThrow(
      'model.safetensors.index.json: names model-00002-of-00002.safetensors, which is missing (got model-00001-of-00002.safetensors)',
    );
  });
});
