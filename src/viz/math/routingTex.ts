/**
 * "The math" of the Expert routing view: DeepSeekMoE's output (DeepSeek-V2 eq. 20), the gate
 * (eq. 21) and the router affinity (eq. 22), then the device-limited choice as the code makes it
 * (group-limited greedy), with the selected token's chosen experts, their s and g, and the devices
 * it may use. Pure: the recorded routing in, TeX out.
 */
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRouting } from '../../session/records';
import { S } from '../../strings';
import { texLeading, texNum, texPairs, texSub, texWords, type MathEquation } from './tex';

/** The equations for token `t` routed as `r`. */
export function routingEquations(config: DeepseekV2Config, t: number, r: TokenRouting): MathEquation[] {
  const M = S.routing.math;
  const k = r.experts.length;
  const normalised = config.norm_topk_prob && k > 1;
  const scale = config.routed_scaling_factor;
  const gateRule = normalised
    ? `g_{i,t} = \\frac{s_{i,t}}{\\sum_{j \\in \\operatorname{TopK}} s_{j,t}}`
    : scale !== 1
      ? `g_{i,t} = ${texNum(scale, 0)}\\, s_{i,t}`
      : null;
  const equations: MathEquation[] = [
    {
      id: 'out',
      tag: '20',
      caption: M.out(config.n_shared_experts, config.n_routed_experts ?? 0),
      tex: "\\mathbf{h}'_t = \\mathbf{u}_t + \\sum_{i=1}^{N_s}\\operatorname{FFN}^{(s)}_i(\\mathbf{u}_t) + \\sum_{i=1}^{N_r} g_{i,t}\\operatorname{FFN}^{(r)}_i(\\mathbf{u}_t)",
      values:
        `\\Big\\lVert\\sum_i \\operatorname{FFN}^{(s)}_i\\Big\\rVert_2 = ${texNum(r.sharedNorm, 3)},\\ ` +
        `\\Big\\lVert\\sum_i g_{i,${t}}\\operatorname{FFN}^{(r)}_i\\Big\\rVert_2 = ${texNum(r.routedNorm, 3)}`,
    },
    {
      id: 'gate',
      tag: '21',
      caption: gateRule === null ? M.gate(k) : normalised ? M.gateNorm(k) : M.gateScaled(k, texNum(scale, 0)),
      tex: 'g_{i,t} = \\begin{cases} s_{i,t}, & s_{i,t} \\in \\operatorname{Topk}(\\{s_{j,t} \\mid 1 \\le j \\le N_r\\}, K_r) \\\\ 0, & \\text{otherwise} \\end{cases}',
      values: `${gateRule === null ? '' : `${gateRule}:\\ `}${texPairs(
        r.experts.map((e, n) => [`g_{${texSub(e, t)}}`, texNum(r.gates[n], 3)] as const),
      )},\\ ${texWords(M.others)}\\ 0`,
    },
    {
      id: 'affinity',
      tag: '22',
      caption: M.affinity(r.probs.length),
      tex: 's_{i,t} = \\operatorname{Softmax}_i(\\mathbf{u}_t^{\\top}\\mathbf{e}_i)',
      values: `${texPairs(r.experts.map((e) => [`s_{${texSub(e, t)}}`, texNum(r.probs[e], 3)] as const))},\\ \\sum_i s_{i,${t}} = ${texNum(
        r.probs.reduce((a, b) => a + b, 0),
        3,
      )}`,
    },
  ];
  if (config.n_group > 1)
    equations.push({
      id: 'devices',
      caption: M.devices(config.n_group, config.topk_group),
      tex: '\\mathcal{D}_t = \\operatorname{Top}_M\\Big(\\Big\\{\\max_{i \\in \\mathcal{E}_d} s_{i,t} \\Big\\}_{d=1}^{D}\\Big),\\quad s_{i,t} \\to 0 \\text{ for } i \\notin \\mathcal{E}_{\\mathcal{D}_t}',
      values: `\\max_{i \\in \\mathcal{E}_d} s_{i,${t}} = ${texLeading(r.groupScores, 8, 3)} \\Rightarrow \\mathcal{D}_{${t}} = \\{${r.selectedGroups.join(', ')}\\}`,
    });
  return equations;
}
