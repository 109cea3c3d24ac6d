/**
 * `generate --model DIR --prompt TEXT`: seeded sampling over the latent KV cache (the same
 * generate() the app runs), streaming the new text to stdout token by token. The prompt starts
 * with the tokenizer's bos token, as every training document does; generation stops at eos,
 * after --max-new tokens, or when the context is full. Sampling defaults come from the folder's
 * generation_config.json when it has one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../model/generate';
import { parseJsonFile } from '../model/modelFiles';
import { validateSamplingOptions, type SamplingOptions } from '../model/sampling';
import { parseFlags, UsageError } from './args';
import { loadModel, parseBackend, readModelFlag } from './nodeModel';

const FLAGS = {
  model: 'string',
  prompt: 'string',
  'max-new': 'number',
  seed: 'number',
  temperature: 'number',
  'top-k': 'number',
  'top-p': 'number',
  backend: 'string',
} as const;

/** Used when neither a flag nor generation_config.json sets them. */
const DEFAULTS = { maxNew: 64, temperature: 0.8, topK: 0, topP: 0.95 };

interface Writer {
  write(s: string): unknown;
}

/** The sampling settings of generation_config.json, when the folder has one. */
function generationDefaults(dir: string): Partial<typeof DEFAULTS> {
  const path = join(dir, 'generation_config.json');
  if (!existsSync(path)) return {};
  const g = parseJsonFile('generation_config.json', readFileSync(path, 'utf8')) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: Partial<typeof DEFAULTS> = {};
  const [maxNew, temperature, topK, topP] = [g?.max_new_tokens, g?.temperature, g?.top_k, g?.top_p].map(num);
  if (maxNew !== undefined) out.maxNew = maxNew;
  if (temperature !== undefined) out.temperature = temperature;
  if (g?.do_sample === false) out.temperature = 0; // greedy
  if (topK !== undefined) out.topK = topK;
  if (topP !== undefined) out.topP = topP;
  return out;
}

/** Writes the generated text to `out` as it comes, then a newline. */
export async function generateCommand(argv: string[], out: Writer): Promise<void> {
  const f = parseFlags(argv, FLAGS);
  const backend = parseBackend(f.backend);
  if (f.prompt === undefined) throw new UsageError('--prompt TEXT is required');
  const files = readModelFlag(f.model);
  const tok = files.tokenizer;
  if (!tok) throw new UsageError(`${join(f.model as string, 'tokenizer.json')} is missing`);
  const d = { ...DEFAULTS, ...generationDefaults(f.model as string) };
  const maxNew = f['max-new'] ?? d.maxNew;
  if (!Number.isInteger(maxNew) || maxNew < 1) throw new UsageError(`--max-new must be an integer ≥ 1, got ${maxNew}`);
  const seed = f.seed ?? 0;
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${seed}`);
  const sampling: SamplingOptions = {
    temperature: f.temperature ?? d.temperature,
    topK: f['top-k'] ?? d.topK,
    topP: f['top-p'] ?? d.topP,
  };
  try {
    validateSamplingOptions(sampling);
  } catch (e) {
    const flag = { temperature: '--temperature', topK: '--top-k', topP: '--top-p' };
    throw new UsageError((e as Error).message.replace(/^\w+/, (m) => flag[m as keyof typeof flag] ?? m));
  }
  const { bos, eos } = tok.specialTokens;
  const ids = [...(bos === undefined ? [] : [bos]), ...tok.encode(f.prompt)];
  if (ids.length === 0) throw new UsageError('the prompt is empty and the tokenizer has no bos token');
  const context = files.config.max_position_embeddings;
  if (ids.length >= context) throw new UsageError(`the prompt is ${ids.length} tokens; the context is ${context}`);

  const model = await loadModel(files, backend);
  const text = new TextDecoder('utf-8');
  try {
    for await (const t of generate(model, ids, { maxNew, sampling, seed, stopTokens: [eos] })) {
      // special tokens (eos ends the loop) carry no text; a split UTF-8 character waits for its rest
      if (!tok.isSpecial(t.token)) out.write(text.decode(tok.tokenBytes(t.token), { stream: true }));
    }
    out.write(text.decode() + '\n');
  } finally {
    model.dispose();
  }
}
