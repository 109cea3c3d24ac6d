/** Lesson 5: load balance: train the Balance lab with and without the balance loss and watch routing collapse. */
import { shown, waiting } from './live';
import type { AppState } from '../state/store';
import type { Lesson, LiveAnswer } from './types';

/** Training steps each run of this lesson takes. */
export const BALANCE_STEPS = 40;

export const labReady = (s: AppState) => s.balanceLab.status === 'ready' && !s.balanceLab.playing;

/** The busiest expert's load over the mean after the run, from the lab's last point. */
export function maxLoadAfterRun(s: AppState): LiveAnswer {
  const points = s.balanceLab.points;
  if (points.length < BALANCE_STEPS) {
    return waiting(`train the lab for ${BALANCE_STEPS} steps first (${points.length} so far)`);
  }
  const last = points[points.length - 1];
  return {
    kind: 'number',
    value: last.maxLoad,
    shown: `${shown(last.maxLoad)}×`,
    explain: `After ${last.step} steps the busiest expert carries ${shown(last.maxLoad)}× the mean load; the load entropy is ${shown(last.entropy)} bits and the expert balance loss L/α is ${shown(last.expert)} (1 = balanced).`,
    tolerance: 0.3,
  };
}

/** Trains the lab for BALANCE_STEPS steps (lesson 7 runs the same). */
export const run = {
  label: `Train ${BALANCE_STEPS} steps`,
  ready: labReady,
  act: (s: AppState) => s.labPlay(BALANCE_STEPS),
};

export const lesson5Balance: Lesson = {
  id: 'balance',
  title: '5 · Load balance',
  summary: 'Train a small MoE with and without the balance loss, and see the routing collapse.',
  steps: [
    {
      title: 'No balance loss',
      text: 'The Balance lab trains a small MoE model in your browser. Here every balance loss is switched off (α = 0): nothing stops the router from sending most tokens to the few experts that happen to learn first.',
      setup: { page: 'balance-lab', labPreset: 'collapse' },
      run,
      question: {
        prompt: `After ${BALANCE_STEPS} steps with no balance loss, how many times the mean load will the busiest expert carry?`,
        kind: 'number',
        unit: '× mean',
        answer: maxLoadAfterRun,
      },
    },
    {
      title: 'With the expert-level balance loss',
      text: 'Now the expert-level balance loss is on (α₁ = 0.02): training pays a small penalty when the busiest experts are also the ones the router favours.',
      setup: { page: 'balance-lab', labPreset: 'balanced' },
      run,
      question: {
        prompt: `After ${BALANCE_STEPS} steps with the balance loss, how many times the mean load will the busiest expert carry?`,
        kind: 'number',
        unit: '× mean',
        answer: maxLoadAfterRun,
      },
    },
    {
      title: 'Device-limited routing',
      text: 'With one device per token (M = 1), every token’s experts must sit on a single device. The lab records the most devices any token reached.',
      setup: { page: 'balance-lab', labPreset: 'balanced', labSettings: { topkGroup: 1 } },
      run,
      question: {
        prompt: 'With M = 1, what is the most devices any single token will reach?',
        kind: 'number',
        unit: 'devices',
        answer: (s) => {
          const points = s.balanceLab.points;
          if (points.length === 0) return waiting('train the lab for a few steps first');
          const reached = Math.max(...points.map((p) => p.groupsMax));
          return {
            kind: 'number',
            value: reached,
            shown: `${reached}`,
            explain: `Over ${points.length} steps no token reached more than ${reached} device${reached === 1 ? '' : 's'} (topk_group = ${s.balanceLab.settings.topkGroup}).`,
          };
        },
      },
    },
  ],
};
