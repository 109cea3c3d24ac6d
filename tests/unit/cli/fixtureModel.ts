/**
 * A small model folder for the CLI tests, written at test time (no weights are committed):
 * TINY_TEST with the shipped tokenizer's vocabulary (1536 tokens, bos 1534, eos 1535), seeded
 * initWeights, model.safetensors, config.json and a copy of the shipped tokenizer.json.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, toConfigJson, type DeepseekV2Config } from '../../../src/model/config';
import { TINY_TEST } from '../../../src/model/presets';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { initWeights, type HostWeights } from '../../../src/model/weights';

export const SHIPPED_TOKENIZER = 'public/models/tinyseek/tokenizer.json';

/** TINY_TEST with the shipped vocabulary and larger weights, so logits and routing are far from uniform. */
export const FIXTURE_CONFIG: DeepseekV2Config = parseConfig({
  ...TINY_TEST,
  vocab_size: 1536,
  bos_token_id: 1534,
  eos_token_id: 1535,
  initializer_range: 0.2,
});

export interface FixtureModel {
  dir: string;
  config: DeepseekV2Config;
  weights: HostWeights;
}

/** Writes the folder `dir` (created if needed) and returns what is in it. */
export function writeFixtureModel(dir: string, seed = 7, config = FIXTURE_CONFIG): FixtureModel {
  mkdirSync(dir, { recursive: true });
  const weights = initWeights(config, seed);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(toConfigJson(config), null, 2));
  writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(weights, 'F32', { format: 'pt' }));
  copyFileSync(SHIPPED_TOKENIZER, join(dir, 'tokenizer.json'));
  return { dir, config, weights };
}
