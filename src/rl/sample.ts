/** Sampling a group: G outputs of one prompt from π_θold over the KV cache, each from its own seed. */
import { generate } from '../model/generate';
import type { DeepseekV2Model } from '../model/model';
import type { SamplingOptions } from '../model/sampling';
import type { BpeTokenizer } from '../model/tokenizer';
import type { Completion } from './rewards';

/** Temperature 1 and no truncation: the outputs are drawn from π_θold itself, whose log-probs the ratio uses. */
export const POLICY_SAMPLING: SamplingOptions = { temperature: 1, topK: 0, topP: 1 };

/** bos (when the tokenizer has one) and the prompt's tokens, as every training line starts. */
export function promptTokens(tok: BpeTokenizer, text: string): number[] {
  const { bos } = tok.specialTokens;
  return [...(bos === undefined ? [] : [bos]), ...tok.encode(text)];
}

/** A completion from its token ids. */
export function completionOf(tok: BpeTokenizer, ids: number[]): Completion {
  const eos = tok.specialTokens.eos;
  return {
    ids,
    pieces: ids.map((id) => (tok.isSpecial(id) ? '' : tok.decode([id]))),
    text: tok.decode(ids.filter((id) => !tok.isSpecial(id))),
    stopped: ids.length > 0 && ids[ids.length - 1] === eos,
  };
}

/** One output: sampled until eos or maxNew tokens. */
export async function sampleOutput(
  model: DeepseekV2Model,
  tok: BpeTokenizer,
  promptIds: number[],
  maxNew: number,
  seed: number,
): Promise<Completion> {
  const ids: number[] = [];
  const opts = { maxNew, sampling: POLICY_SAMPLING, seed, stopTokens: [tok.specialTokens.eos] };
  for await (const t of generate(model, promptIds, opts)) ids.push(t.token);
  return completionOf(tok, ids);
}
