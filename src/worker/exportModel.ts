/**
 * A lab's model as the Hugging Face files Explore loads: config.json (with the tokenizer's bos and
 * eos ids), model.safetensors in float32 and tokenizer.json. The config is read back first, so a
 * model Explore could not open is refused here, in one line, and the lab keeps its run.
 */
import { parseConfig, toConfigJson, type DeepseekV2Config } from '../model/config';
import { serializeSafetensors } from '../model/safetensors';
import type { BpeTokenizer } from '../model/tokenizer';
import type { HostWeights } from '../model/weights';
import type { ExportedModel } from './messages';

export function exportModel(c: DeepseekV2Config, weights: HostWeights, tok: BpeTokenizer): ExportedModel {
  const json = { ...toConfigJson(c), bos_token_id: tok.specialTokens.bos ?? null, eos_token_id: tok.specialTokens.eos };
  try {
    parseConfig(json);
  } catch (e) {
    throw new Error(`this model cannot be opened: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  return {
    config: JSON.stringify(json, null, 2) + '\n',
    safetensors: serializeSafetensors(weights, 'F32', { format: 'pt' }),
    tokenizer: JSON.stringify(tok.toJSON()),
  };
}
