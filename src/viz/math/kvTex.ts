/**
 * "The math" of the KV cache view: DeepSeek-V2's joint KV compression (eqs. 9–11), the decoupled
 * RoPE key (eq. 15) and what one token adds to the cache, with the selected token's latent c^KV, its
 * RoPE key k^R and the cache's measured bytes. Pure: records in, TeX out.
 */
import type { DeepseekV2Config } from '../../model/config';
import { kvCacheElementsPerTokenPerLayer } from '../../model/sizes';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { texInt, texSpace, texVector, texWords, type MathEquation } from './tex';

/** The live cache is float32: 4 bytes per element. */
const BYTES = 4;

/** The equations with token `record`'s numbers in `layer`; empty when the layer was not recorded. */
export function kvEquations(config: DeepseekV2Config, record: TokenRecord, layer: number): MathEquation[] {
  const L = record.layers.find((l) => l.layer === layer);
  if (!L) return [];
  const M = S.kvcache.math;
  const t = record.index;
  const nh = config.num_attention_heads;
  const per = kvCacheElementsPerTokenPerLayer(config).mla; // d_c + d_h^R
  const layers = config.num_hidden_layers;
  const tokens = t + 1;
  return [
    {
      id: 'ckv',
      tag: '9',
      caption: M.ckv,
      tex: '\\mathbf{c}_t^{KV} = W^{DKV}\\mathbf{h}_t',
      values: texVector(`\\mathbf{c}_{${t}}^{KV}`, L.cKV),
    },
    {
      id: 'kc',
      tag: '10',
      caption: M.kc,
      tex: '\\mathbf{k}_t^{C} = W^{UK}\\mathbf{c}_t^{KV}',
      values: `\\mathbf{k}_{${t}}^{C} \\in ${texSpace(nh, config.qk_nope_head_dim)}\\ ${texWords(M.rebuilt)}`,
    },
    {
      id: 'vc',
      tag: '11',
      caption: M.vc,
      tex: '\\mathbf{v}_t^{C} = W^{UV}\\mathbf{c}_t^{KV}',
      values: `\\mathbf{v}_{${t}}^{C} \\in ${texSpace(nh, config.v_head_dim)}\\ ${texWords(M.rebuilt)}`,
    },
    {
      id: 'kr',
      tag: '15',
      caption: M.kr,
      tex: '\\mathbf{k}_t^{R} = \\operatorname{RoPE}(W^{KR}\\mathbf{h}_t)',
      values: texVector(`\\mathbf{k}_{${t}}^{R}`, L.kR),
    },
    {
      id: 'cache',
      caption: M.cache,
      tex: '\\text{cache} = (t+1)\\,(d_c + d_h^R)\\,l \\cdot 4\\,\\text{B}',
      values:
        `${tokens} \\cdot (${config.kv_lora_rank} + ${config.qk_rope_head_dim}) \\cdot ${layers} \\cdot ${BYTES}\\,\\text{B}` +
        ` = ${texInt(tokens * per * layers * BYTES)}\\,\\text{B};\\ ${texWords(M.measured)}\\ ${texInt(record.cacheBytes)}\\,\\text{B}`,
    },
  ];
}
