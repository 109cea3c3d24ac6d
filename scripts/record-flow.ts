/**
 * Records the Model flow stories' sessions from the real model code in Node: the shipped TinySeek
 * model, a dense-only config and a DeepSeek-V2-Lite-shaped config (27 layers, 64 routed experts,
 * 2 shared, top-6, no q-LoRA, one group) with a small hidden size; the last two from seeded random
 * weights (marked `untrained`). Short prompts and few tokens keep the fixtures small.
 *   npm run record-flow
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readModelDir } from '../src/cli/modelDir';
import { parseConfig, type DeepseekV2Config } from '../src/model/config';
import { DeepseekV2Model } from '../src/model/model';
import { DEEPSEEK_V2_LITE, TINYSEEK } from '../src/model/presets';
import { BpeTokenizer } from '../src/model/tokenizer';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import { GenerationSession } from '../src/session/generationSession';
import type { RecordedSession } from '../src/session/recordedSession';

const MODEL_DIR = 'public/models/tinyseek';
const SAMPLING = { temperature: 0.8, topK: 40, topP: 0.95 };
const SPECIAL = { vocab_size: TINYSEEK.vocab_size, bos_token_id: 1534, eos_token_id: 1535 };

/** V2-Lite's routing and layer plan, at a hidden size that keeps a fixture small. */
const LITE_SHAPED: DeepseekV2Config = parseConfig({
  ...DEEPSEEK_V2_LITE,
  ...SPECIAL,
  hidden_size: 32,
  intermediate_size: 64,
  moe_intermediate_size: 8,
  num_attention_heads: 4,
  kv_lora_rank: 16,
  qk_nope_head_dim: 8,
  qk_rope_head_dim: 8,
  v_head_dim: 8,
  rope_scaling: null,
  max_position_embeddings: 64,
});

/** TinySeek's attention with every layer dense. */
const DENSE: DeepseekV2Config = parseConfig({ ...TINYSEEK, first_k_dense_replace: TINYSEEK.num_hidden_layers });

/** A prompt and how many tokens to generate after it; 27 layers get a shorter one. */
type Run = { prompt: string; generate: number; seed: number };
const SHORT: Run = { prompt: 'Once upon a time', generate: 4, seed: 3 };
const SHORTER: Run = { prompt: 'Once upon', generate: 3, seed: 3 };

async function record(name: string, model: DeepseekV2Model, tokenizer: BpeTokenizer, untrained: boolean, s: Run) {
  const { session, records } = await GenerationSession.start(model, tokenizer, {
    prompt: s.prompt,
    sampling: SAMPLING,
    seed: s.seed,
  });
  for (let i = 0; i < s.generate; i++) {
    const r = await session.next();
    if (r) records.push(r);
  }
  session.dispose();
  const out: RecordedSession = {
    untrained,
    prompt: s.prompt,
    seed: s.seed,
    sampling: SAMPLING,
    config: model.config,
    records,
  };
  const path = `stories/fixtures/session-flow-${name}.json`;
  writeFileSync(path, JSON.stringify(out));
  console.error(`${path}: ${records.length} tokens${untrained ? ' (untrained weights)' : ''}`);
}

async function main(): Promise<void> {
  await selectNodeBackend();
  const files = readModelDir(MODEL_DIR);
  const tokenizer =
    files.tokenizer ?? BpeTokenizer.fromJSON(JSON.parse(readFileSync(`${MODEL_DIR}/tokenizer.json`, 'utf8')));
  const shipped = DeepseekV2Model.fromHostWeights(files.config, files.weights);
  await record('tinyseek', shipped, tokenizer, false, SHORT);
  shipped.dispose();
  for (const [name, config, run] of [
    ['dense', DENSE, SHORT],
    ['lite', LITE_SHAPED, SHORTER],
  ] as const) {
    const model = DeepseekV2Model.init(config, 1);
    await record(name, model, tokenizer, true, run);
    model.dispose();
  }
}

void main();
