/** `info`: parameters (total and activated per token) and KV cache per token against MHA/GQA/MQA. */
import { isMoeLayer, type DeepseekV2Config } from '../model/config';
import { kvCacheElementsPerToken, kvCacheElementsPerTokenPerLayer, parameterCounts } from '../model/sizes';

export interface ModelInfo {
  parameters: { total: number; activated: number; embedding: number; lmHead: number };
  layers: { total: number; dense: number; moe: number };
  /** elements cached per token, per layer and for the whole model. */
  kvCachePerToken: {
    perLayer: ReturnType<typeof kvCacheElementsPerTokenPerLayer>;
    model: ReturnType<typeof kvCacheElementsPerToken>;
    /** MLA's cache as a fraction of MHA's. */
    mlaOverMha: number;
  };
}

export function modelInfo(c: DeepseekV2Config): ModelInfo {
  const p = parameterCounts(c);
  const perLayer = kvCacheElementsPerTokenPerLayer(c);
  const moe = Array.from({ length: c.num_hidden_layers }, (_, l) => isMoeLayer(c, l)).filter(Boolean).length;
  return {
    parameters: { total: p.total, activated: p.activated, embedding: p.embedding, lmHead: p.lmHead },
    layers: { total: c.num_hidden_layers, dense: c.num_hidden_layers - moe, moe },
    kvCachePerToken: { perLayer, model: kvCacheElementsPerToken(c), mlaOverMha: perLayer.mla / perLayer.mha },
  };
}
