/**
 * "The math" of the Load balance view: DeepSeek-V2's expert-level (eqs. 23–25), device-level
 * (eqs. 26–28) and communication (eqs. 29–31) balance losses, with this window's numbers as the view
 * computes them (src/viz/balance/balanceMath.ts layerBalance): T, f_i and P_i of the busiest experts,
 * every device's f′, P′ and f″, and each loss. Pure: a LayerBalance in, TeX out.
 */
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import type { LayerBalance } from '../balance/balanceMath';
import { texNum, texPairs, type MathEquation } from './tex';

/** Experts whose f_i and P_i are listed: the busiest, by f_i (ties by index). */
export const SHOWN_EXPERTS = 3;
/** Devices listed one by one; more are cut with …. */
const SHOWN_DEVICES = 4;

/** The busiest experts by f_i, largest first. */
export function busiestExperts(b: LayerBalance, n = SHOWN_EXPERTS): number[] {
  return b.f
    .map((f, e) => ({ f, e }))
    .sort((x, y) => y.f - x.f || x.e - y.e)
    .slice(0, n)
    .map((x) => x.e);
}

/** `name_0 = v0, name_1 = v1, …` over the first SHOWN_DEVICES devices. */
function perDevice(name: (d: number) => string, xs: number[], digits: number): string {
  const shown = texPairs(xs.slice(0, SHOWN_DEVICES).map((x, d) => [name(d), texNum(x, digits)] as const));
  return xs.length > SHOWN_DEVICES ? `${shown},\\ \\ldots` : shown;
}

/** `\alpha = 0.001;\ \sum = 1.04;\ L = 0.00104`: a loss from its L/α and its coefficient. */
function lossValues(alpha: string, name: string, sum: string, perAlpha: number, a: number): string {
  return `${alpha} = ${texNum(a, 3)};\\ ${sum} = ${texNum(perAlpha, 3)};\\ ${name} = ${texNum(a * perAlpha, 5)}`;
}

export function balanceEquations(config: DeepseekV2Config, b: LayerBalance): MathEquation[] {
  const M = S.balance.math;
  const top = busiestExperts(b);
  const more = b.nRouted > top.length ? ',\\ \\ldots' : '';
  const dev = b.device;
  return [
    {
      id: 'exp',
      tag: '23',
      caption: M.exp,
      tex: "\\mathcal{L}_{\\text{ExpBal}} = \\alpha_1 \\sum_{i=1}^{N'} f_i P_i",
      values: lossValues(
        '\\alpha_1',
        '\\mathcal{L}_{\\text{ExpBal}}',
        '\\sum_i f_i P_i',
        b.loss.expert,
        config.aux_loss_alpha,
      ),
    },
    {
      id: 'f',
      tag: '24',
      caption: M.f(top.length),
      tex: "f_i = \\frac{N'}{K'T}\\sum_{t=1}^{T}\\mathbb{1}(\\text{Token } t \\text{ selects Expert } i)",
      values: `T = ${b.tokens},\\ N' = ${b.nRouted},\\ K' = ${b.k};\\ ${texPairs(top.map((e) => [`f_{${e}}`, texNum(b.f[e], 2)] as const))}${more}`,
    },
    {
      id: 'P',
      tag: '25',
      caption: M.P,
      tex: 'P_i = \\frac{1}{T}\\sum_{t=1}^{T} s_{i,t}',
      values: `${texPairs(top.map((e) => [`P_{${e}}`, texNum(b.P[e], 3)] as const))}${more}`,
    },
    {
      id: 'dev',
      tag: '26',
      caption: M.dev,
      tex: "\\mathcal{L}_{\\text{DevBal}} = \\alpha_2 \\sum_{i=1}^{D} f'_i P'_i",
      values: lossValues(
        '\\alpha_2',
        '\\mathcal{L}_{\\text{DevBal}}',
        "\\sum_i f'_i P'_i",
        b.loss.device,
        config.device_balance_alpha,
      ),
    },
    {
      id: 'fdev',
      tag: '27',
      caption: M.fdev(b.nGroup, b.nRouted / b.nGroup),
      tex: "f'_i = \\frac{1}{|\\mathcal{E}_i|}\\sum_{j \\in \\mathcal{E}_i} f_j",
      values: perDevice((d) => `f'_{${d}}`, dev.f, 2),
    },
    {
      id: 'Pdev',
      tag: '28',
      caption: M.Pdev,
      tex: "P'_i = \\sum_{j \\in \\mathcal{E}_i} P_j",
      values: perDevice((d) => `P'_{${d}}`, dev.P, 3),
    },
    {
      id: 'comm',
      tag: '29',
      caption: M.comm,
      tex: "\\mathcal{L}_{\\text{CommBal}} = \\alpha_3 \\sum_{i=1}^{D} f''_i P''_i",
      values: lossValues(
        '\\alpha_3',
        '\\mathcal{L}_{\\text{CommBal}}',
        "\\sum_i f''_i P''_i",
        b.loss.comm,
        config.comm_balance_alpha,
      ),
    },
    {
      id: 'fcomm',
      tag: '30',
      caption: M.fcomm(b.topkGroup),
      tex: "f''_i = \\frac{D}{MT}\\sum_{t=1}^{T}\\mathbb{1}(\\text{Token } t \\text{ is sent to Device } i)",
      values: `D = ${b.nGroup},\\ M = ${b.topkGroup};\\ ${perDevice((d) => `f''_{${d}}`, dev.fComm, 2)}`,
    },
    {
      id: 'Pcomm',
      tag: '31',
      caption: M.Pcomm,
      tex: "P''_i = \\sum_{j \\in \\mathcal{E}_i} P_j",
      values: perDevice((d) => `P''_{${d}}`, dev.P, 3),
    },
  ];
}
