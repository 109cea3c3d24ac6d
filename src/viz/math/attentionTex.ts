/**
 * "The math" of the Attention view: DeepSeek-V2's query compression (eqs. 12–13, when the config has
 * a query latent), decoupled RoPE (eqs. 14, 16–17), the attention itself (eq. 18) and the output
 * projection (eq. 19), with the selected head's numbers: σ, the top key's logit split into its
 * content and RoPE parts, and the softmax weights of the top keys. Pure: numbers in, TeX out.
 */
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import type { HeadAttention } from '../attention/attentionLayout';
import { texFactor, texNum, texSpace, texSub, texText, texWords, type MathEquation } from './tex';

/** Keys whose weights the attention line lists. */
export const TOP_KEYS = 3;

/** The head's keys by weight, largest first (ties by position). */
export function topKeys(head: HeadAttention, n = TOP_KEYS) {
  return [...head.keys].sort((a, b) => b.weight - a.weight || a.pos - b.pos).slice(0, n);
}

/** The equations for query position `t` and head `head`, with softmax scale `sigma`. */
export function attentionEquations(
  config: DeepseekV2Config,
  t: number,
  head: HeadAttention,
  sigma: number,
): MathEquation[] {
  const M = S.attention.math;
  const nh = config.num_attention_heads;
  const dh = config.qk_nope_head_dim;
  const dr = config.qk_rope_head_dim;
  const i = head.head;
  const top = topKeys(head);
  const j = top[0];
  const query: MathEquation[] =
    config.q_lora_rank !== null
      ? [
          {
            id: 'cq',
            tag: '12',
            caption: M.cq,
            tex: '\\mathbf{c}_t^{Q} = W^{DQ}\\mathbf{h}_t',
            values: `\\mathbf{c}_{${t}}^{Q} \\in ${texSpace(config.q_lora_rank)}`,
          },
          {
            id: 'qc',
            tag: '13',
            caption: M.qc,
            tex: '\\mathbf{q}_t^{C} = W^{UQ}\\mathbf{c}_t^{Q}',
            values: `\\mathbf{q}_{${t}}^{C} \\in ${texSpace(nh, dh)}`,
          },
        ]
      : [
          {
            id: 'q',
            caption: M.qPlain,
            tex: '[\\mathbf{q}_t^{C}; \\mathbf{q}_t^{R}] = W^{Q}\\mathbf{h}_t',
            values: `[\\mathbf{q}_{${t}}^{C}; \\mathbf{q}_{${t}}^{R}] \\in ${texSpace(nh, dh + dr)}`,
          },
        ];
  const sigmaTex =
    config.rope_scaling === null
      ? `\\sigma = \\frac{1}{\\sqrt{${dh} + ${dr}}} = ${texNum(sigma, 4)}`
      : `\\sigma = ${texNum(sigma, 4)}\\ ${texWords(M.yarn)}`;
  return [
    ...query,
    {
      id: 'qr',
      tag: '14',
      caption: M.qr,
      tex: `\\mathbf{q}_t^{R} = \\operatorname{RoPE}(W^{QR}\\mathbf{${config.q_lora_rank !== null ? 'c}_t^{Q}' : 'h}_t'})`,
      values: `\\mathbf{q}_{${t}}^{R} \\in ${texSpace(nh, dr)}`,
    },
    {
      id: 'q',
      tag: '16',
      caption: M.q,
      tex: '\\mathbf{q}_{t,i} = [\\mathbf{q}_{t,i}^{C}; \\mathbf{q}_{t,i}^{R}]',
      values: `\\mathbf{q}_{${texSub(t, i)}} \\in ${texSpace(dh + dr)} = ${texSpace(dh)} \\oplus ${texSpace(dr)}`,
    },
    {
      id: 'k',
      tag: '17',
      caption: M.k(nh),
      tex: '\\mathbf{k}_{j,i} = [\\mathbf{k}_{j,i}^{C}; \\mathbf{k}_{j}^{R}]',
      values: `\\mathbf{k}_{j,${i}} \\in ${texSpace(dh + dr)} = ${texSpace(dh)} \\oplus ${texSpace(dr)}`,
    },
    {
      id: 'split',
      caption: M.split(i),
      tex: '\\sigma\\,\\mathbf{q}_{t,i}^{\\top}\\mathbf{k}_{j,i} = \\sigma\\,\\mathbf{q}_{t,i}^{C\\top}\\mathbf{k}_{j,i}^{C} + \\sigma\\,\\mathbf{q}_{t,i}^{R\\top}\\mathbf{k}_{j}^{R}',
      values: `j = ${j.pos}\\ ${texText(j.text)}:\\ ${texNum(j.logit, 3)} = ${texNum(j.content, 3)} + ${texFactor(j.position, 3)}`,
    },
    {
      id: 'attn',
      tag: '18',
      caption: M.attn(i),
      tex: '\\mathbf{o}_{t,i} = \\sum_{j=1}^{t}\\operatorname{Softmax}_j\\!\\left(\\frac{\\mathbf{q}_{t,i}^{\\top}\\mathbf{k}_{j,i}}{\\sqrt{d_h + d_h^R}}\\right)\\mathbf{v}_{j,i}^{C}',
      values: `\\begin{gathered}${sigmaTex} \\\\ ${top
        .map((k) => `\\operatorname{Softmax}_{${k.pos}} = ${texNum(k.weight, 3)}`)
        .join(',\\ ')}${head.keys.length > top.length ? ',\\ \\ldots' : ''}\\end{gathered}`,
    },
    {
      id: 'out',
      tag: '19',
      caption: M.out,
      tex: '\\mathbf{u}_t = W^{O}[\\mathbf{o}_{t,1}; \\mathbf{o}_{t,2}; \\ldots; \\mathbf{o}_{t,n_h}]',
      values: `[\\mathbf{o}_{${texSub(t, 1)}}; \\ldots; \\mathbf{o}_{${texSub(t, nh)}}] \\in ${texSpace(nh, config.v_head_dim)},\\ \\mathbf{u}_{${t}} \\in ${texSpace(config.hidden_size)}`,
    },
  ];
}
