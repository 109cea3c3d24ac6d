/**
 * "The math" of the GRPO lab: DeepSeekMath's objective (eq. 3), the ratio inside it, the k3 KL
 * estimator (eq. 4) and the group-relative advantage (outcome supervision, §4.1.2; process
 * supervision, §4.1.3), with the selected group's rewards, mean, std and every output's advantage,
 * ε, β, and the chosen output's first token's ratio and KL as the step recorded them. Pure.
 */
import type { OutputRecord, SampledGroup } from '../../rl/events';
import { S } from '../../strings';
import { shownPiece } from '../grpo/GroupOutputs';
import { texFactor, texLeading, texNum, texSigned, texSub, texText, texWords, type MathEquation } from './tex';

/** What the equations read: the group shown, which output, its per-token record once the step is done. */
export interface GrpoMathInput {
  group: Pick<SampledGroup, 'outputs' | 'mean' | 'std' | 'skipped'>;
  /** index of the chosen output in the group (0-based; the TeX writes i = output + 1). */
  output: number;
  /** the chosen output's per-token numbers; absent while the step is still being sampled. */
  full?: OutputRecord;
  /** ε and β of the step. */
  epsilon: number;
  beta: number;
}

/** Rewards and advantages are listed in full up to this group size, then cut with …. */
const SHOWN_OUTPUTS = 8;

export function grpoEquations({ group, output, full, epsilon, beta }: GrpoMathInput): MathEquation[] {
  const M = S.grpo.math;
  const G = group.outputs.length;
  const i = output + 1;
  const o = group.outputs[output];
  const process = group.outputs.some((x) => x.steps !== undefined);
  const list = (xs: number[], f: (x: number) => string) =>
    `[${xs.slice(0, SHOWN_OUTPUTS).map(f).join(',\\ ')}${xs.length > SHOWN_OUTPUTS ? ',\\ \\ldots' : ''}]`;
  const rewards = list(
    group.outputs.map((x) => x.reward),
    (r) => texNum(r, 2),
  );
  const stats = `\\operatorname{mean} = ${texNum(group.mean, 3)},\\ \\operatorname{std} = ${texNum(group.std, 3)}`;
  const t = 1;
  const piece = full ? texText(shownPiece(full.pieces[t - 1] ?? '')) : '';
  const equations: MathEquation[] = [
    {
      id: 'objective',
      tag: '3',
      caption: M.objective,
      tex:
        '\\begin{aligned}\\mathcal{J}_{GRPO}(\\theta) = \\mathbb{E}\\Bigg[&\\frac{1}{G}\\sum_{i=1}^{G}\\frac{1}{|o_i|}\\sum_{t=1}^{|o_i|}' +
        '\\Big\\{\\min\\big[\\rho_{i,t}\\hat{A}_{i,t},\\ \\operatorname{clip}(\\rho_{i,t}, 1-\\varepsilon, 1+\\varepsilon)\\hat{A}_{i,t}\\big] \\\\' +
        ' &\\qquad - \\beta\\,\\mathbb{D}_{KL}[\\pi_\\theta \\| \\pi_{ref}]\\Big\\}\\Bigg]\\end{aligned}',
      values:
        `G = ${G},\\ \\varepsilon = ${texNum(epsilon, 2)},\\ \\beta = ${texNum(beta, 3)}` +
        (full
          ? `;\\ i = ${i},\\ t = ${t}:\\ \\min\\big[${texNum(full.ratio[t - 1], 4)} \\cdot ${texFactor(full.advantages[t - 1], 3)},\\ ` +
            `\\operatorname{clip}(${texNum(full.ratio[t - 1], 4)}, ${texNum(1 - epsilon, 2)}, ${texNum(1 + epsilon, 2)}) \\cdot ${texFactor(full.advantages[t - 1], 3)}\\big]` +
            ` - ${texNum(beta, 3)} \\cdot ${texNum(full.kl[t - 1], 5)}`
          : `;\\ ${texWords(M.sampling)}`),
    },
  ];
  if (full)
    equations.push(
      {
        id: 'ratio',
        caption: M.ratio(full.clipped[t - 1]),
        tex: '\\rho_{i,t} = \\frac{\\pi_\\theta(o_{i,t} \\mid q, o_{i,<t})}{\\pi_{\\theta_{old}}(o_{i,t} \\mid q, o_{i,<t})}',
        values: `o_{${texSub(i, t)}} = ${piece},\\ \\rho_{${texSub(i, t)}} = ${texNum(full.ratio[t - 1], 4)},\\ \\log\\pi_{\\theta_{old}} = ${texNum(full.logpOld[t - 1], 3)}`,
      },
      {
        id: 'kl',
        tag: '4',
        caption: M.kl,
        tex:
          '\\mathbb{D}_{KL}[\\pi_\\theta \\| \\pi_{ref}] = \\frac{\\pi_{ref}(o_{i,t} \\mid q, o_{i,<t})}{\\pi_\\theta(o_{i,t} \\mid q, o_{i,<t})}' +
          ' - \\log\\frac{\\pi_{ref}(o_{i,t} \\mid q, o_{i,<t})}{\\pi_\\theta(o_{i,t} \\mid q, o_{i,<t})} - 1',
        values:
          `\\log\\pi_{ref} = ${texNum(full.logpRef[t - 1], 3)},\\ ` + `\\mathbb{D}_{KL} = ${texNum(full.kl[t - 1], 5)}`,
      },
    );
  equations.push(
    process
      ? {
          id: 'advantage',
          caption: M.process,
          tex:
            '\\hat{A}_{i,t} = \\sum_{\\operatorname{index}(j) \\ge t} \\tilde{r}_i^{\\operatorname{index}(j)},\\quad ' +
            '\\tilde{r}_i^{\\operatorname{index}(j)} = \\frac{r_i^{\\operatorname{index}(j)} - \\operatorname{mean}(\\mathbf{R})}{\\operatorname{std}(\\mathbf{R})}',
          values: `\\begin{gathered}${stats}${group.skipped ? `\\ ${texWords(M.skipped)}` : ''} \\\\ \\hat{A}_{${i},t} = ${texLeading(
            o.advantages,
            4,
            2,
          )}\\end{gathered}`,
        }
      : {
          id: 'advantage',
          caption: M.outcome,
          tex: '\\hat{A}_{i,t} = \\tilde{r}_i = \\frac{r_i - \\operatorname{mean}(\\mathbf{r})}{\\operatorname{std}(\\mathbf{r})}',
          values: `\\begin{gathered}\\mathbf{r} = ${rewards},\\ ${stats}${group.skipped ? `\\ ${texWords(M.skipped)}` : ''} \\\\ (\\hat{A}_1, \\ldots, \\hat{A}_G) = ${list(
            group.outputs.map((x) => x.advantage),
            (a) => texSigned(a, 2),
          )}\\end{gathered}`,
        },
  );
  return equations;
}
