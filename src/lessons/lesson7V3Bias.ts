/**
 * Lesson 7: from V2's losses to V3's bias. The Balance lab in "V3: bias balancing" mode (no balance
 * loss; each expert's selection bias moves by γ after each step, docs/model.md#bias-balancing):
 * predict how even the load stays, where the biases end up, and what a slower γ does.
 */
import { BALANCE_STEPS, maxLoadAfterRun, run } from './lesson5Balance';
import { shown, waiting } from './live';
import type { AppState } from '../state/store';
import type { Lesson, LiveAnswer } from './types';

/**
 * In the last MoE layer: the mean bias at the last step of the two experts that carried the most
 * load over the run, against the mean bias of the others. Overloaded experts are pushed down.
 */
function whereBiasWent(s: AppState): LiveAnswer {
  const points = s.balanceLab.points.filter((p) => p.bias);
  if (points.length < BALANCE_STEPS) {
    return waiting(`train the lab in V3 mode for ${BALANCE_STEPS} steps first (${points.length} so far)`);
  }
  const layer = points[0].f.length - 1;
  const nr = points[0].f[layer].length;
  const load = Array.from({ length: nr }, (_, e) => points.reduce((a, p) => a + p.f[layer][e], 0) / points.length);
  const busiest = [...load.keys()].sort((a, b) => load[b] - load[a] || a - b).slice(0, 2);
  const bias = points[points.length - 1].bias![layer];
  const mean = (ids: number[]) => ids.reduce((a, e) => a + bias[e], 0) / ids.length;
  const others = [...load.keys()].filter((e) => !busiest.includes(e));
  const [busy, rest] = [mean(busiest), mean(others)];
  const gap = Math.abs(busy - rest);
  const index = gap < s.balanceLab.settings.gamma ? 2 : busy < rest ? 0 : 1;
  return {
    kind: 'choice',
    index,
    explain: `Experts ${busiest.join(' and ')} carried the most load (f ${shown(load[busiest[0]])} and ${shown(load[busiest[1]])}); their mean bias is ${shown(busy)}, the other experts’ ${shown(rest)}.`,
  };
}

export const lesson7V3Bias: Lesson = {
  id: 'v3-bias',
  title: '7 · From V2’s losses to V3’s bias',
  summary: 'Balance the experts with no loss at all, as DeepSeek-V3 does, and see where the biases go.',
  steps: [
    {
      title: 'No loss, a bias',
      text: 'DeepSeek-V3 drops the balance losses. Each expert gets a bias that is added to its score only to choose the experts; after every step an overloaded expert’s bias goes down by γ and an idle one’s goes up. Every α here is 0.',
      setup: { page: 'balance-lab', labPreset: 'v3bias' },
      run,
      question: {
        prompt: `After ${BALANCE_STEPS} steps with V3’s bias and no loss, how many times the mean load will the busiest expert carry?`,
        kind: 'number',
        unit: '× mean',
        answer: maxLoadAfterRun,
      },
    },
    {
      title: 'Where the biases went',
      text: 'The bias chart shows every expert’s bias over the steps. The gate weights never see the bias: it only changes which experts are chosen.',
      setup: { page: 'balance-lab', labPreset: 'v3bias' },
      question: {
        prompt: 'Which experts end with the lowest bias?',
        kind: 'choice',
        choices: ['the ones that carried the most load', 'the ones that carried the least load', 'no clear pattern'],
        answer: whereBiasWent,
      },
    },
    {
      title: 'A slower bias',
      text: 'DeepSeek-V3 moved its biases by γ = 0.001 a step, over trillions of tokens. Here γ is ten times smaller than before.',
      setup: { page: 'balance-lab', labPreset: 'v3bias', labSettings: { gamma: 0.001 } },
      run,
      question: {
        prompt: `With γ = 0.001, how many times the mean load will the busiest expert carry after ${BALANCE_STEPS} steps?`,
        kind: 'number',
        unit: '× mean',
        answer: maxLoadAfterRun,
      },
    },
  ],
};
