/**
 * `forward --model DIR --ids 1,2,3`: one forward pass over the ids, printed as one JSON object:
 * the logits of every position, the experts each MoE layer chose for every position (from the
 * model's recorded trace, highest gate first) with their gate weights, and the KV-cache elements
 * per token of the whole model for MLA and the attention variants it replaces.
 */
import type { AttentionPath } from '../model/mla';
import { disposeForwardResult } from '../model/model';
import { kvCacheElementsPerToken } from '../model/sizes';
import { readTrace, type PendingTrace } from '../model/trace';
import { parseFlags, parseIds, UsageError } from './args';
import type { CliIo } from './cliIo';
import { loadModel, parseBackend, readModelFlag } from './nodeModel';

export interface ForwardJson {
  /** [T][V] logits of every position. */
  logits: number[][];
  /** one per MoE layer: per position the chosen experts (highest gate first) and their gates. */
  routing: { layer: number; experts: number[][]; weights: number[][] }[];
  /** KV-cache elements per token for the whole model. */
  kvCache: { mla: number; mha: number; gqa: number; mqa: number };
}

const FLAGS = { model: 'string', ids: 'string', backend: 'string', attention: 'string' } as const;

function parseAttention(name: string | undefined): AttentionPath {
  if (name === undefined || name === 'naive' || name === 'absorbed') return name ?? 'naive';
  throw new UsageError(`--attention must be naive or absorbed, got "${name}"`);
}

export async function forwardCommand(argv: string[], io?: Pick<CliIo, 'stderr'>): Promise<ForwardJson> {
  const flags = parseFlags(argv, FLAGS);
  const backend = parseBackend(flags.backend);
  const attention = parseAttention(flags.attention);
  if (flags.ids === undefined) throw new UsageError('--ids is required, e.g. --ids 1,2,3');
  const ids = parseIds(flags.ids);
  const files = readModelFlag(flags.model);
  for (const note of files.notes ?? []) io?.stderr.write(note + '\n');
  const c = files.config;
  const bad = ids.find((id) => id >= c.vocab_size);
  if (bad !== undefined) throw new UsageError(`token id ${bad} is outside the vocabulary [0, ${c.vocab_size})`);
  if (ids.length > c.max_position_embeddings) {
    throw new UsageError(`${ids.length} ids exceed the context of ${c.max_position_embeddings}`);
  }
  const model = await loadModel(files, backend);
  try {
    const r = model.forward([ids], { record: true, attention });
    const pending = r.trace as PendingTrace; // recorded, so never null
    r.trace = null;
    let logits: number[][];
    try {
      logits = ((await r.logits.array()) as number[][][])[0]; // [T][V]
    } finally {
      disposeForwardResult(r);
    }
    const trace = await readTrace(c, pending); // disposes the pending trace
    const { mla, mha, gqa, mqa } = kvCacheElementsPerToken(c);
    return {
      logits,
      routing: trace.moe.map((m) => ({ layer: m.layer, experts: m.experts, weights: m.gates })),
      kvCache: { mla, mha, gqa, mqa },
    };
  } finally {
    model.dispose();
  }
}
