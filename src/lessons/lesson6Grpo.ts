/** Lesson 6: GRPO: reinforcement learning that scores each answer against its own group instead of a value model. */
import { rlMemory } from '../rl/rlMemory';
import { shown, waiting } from './live';
import type { AppState } from '../state/store';
import type { Lesson } from './types';

/** Steps the lesson's run takes. */
export const GRPO_STEPS = 5;

const labReady = (s: AppState) => s.grpo.status === 'ready';
const run = { label: `Run ${GRPO_STEPS} GRPO steps`, ready: labReady, act: (s: AppState) => s.grpoRun(GRPO_STEPS) };

export const lesson6Grpo: Lesson = {
  id: 'grpo',
  title: '6 · GRPO',
  summary: 'Sample a group of answers, score them against each other, and nudge the model towards the better ones.',
  steps: [
    {
      title: 'Advantages inside a group',
      text: 'GRPO asks the model the same question several times (a group), rewards each answer (here: is the sum right?), and gives each answer an advantage: its reward minus the group’s mean, divided by the group’s spread.',
      setup: { page: 'grpo', grpo: { task: 'addition' } },
      run,
      focus: 'advantages',
      question: {
        prompt: 'What do the advantages of one group add up to?',
        kind: 'choice',
        choices: ['About 0', 'About 1', 'The number of correct answers'],
        answer: (s) => {
          const g = s.grpo.last?.groups.find((x) => !x.skipped) ?? s.grpo.last?.groups[0];
          if (!g) return waiting(`run the lab first: ${GRPO_STEPS} steps`);
          const sum = g.outputs.reduce((a, o) => a + o.advantage, 0);
          return {
            kind: 'choice',
            index: 0,
            explain: `The last step’s group: rewards ${g.outputs.map((o) => shown(o.reward)).join(', ')}; advantages add up to ${sum.toExponential(1)}${g.skipped ? ' (every reward was equal: its advantages are 0, so only the KL term acted on it, pulling toward the reference)' : ''}.`,
          };
        },
      },
    },
    {
      title: 'No value model',
      text: 'PPO needs a second network, a value model as large as the policy, to estimate how good each state is. GRPO uses the group’s mean reward as that baseline instead.',
      setup: { page: 'grpo' },
      focus: 'value-model',
      question: {
        prompt: 'How many parameters would PPO’s value model add for this model?',
        kind: 'number',
        unit: 'parameters',
        answer: (s) => {
          const config = s.grpo.config ?? s.model?.config;
          if (!config) return waiting('the model has not loaded yet');
          const value = rlMemory(config).valueParams;
          return {
            kind: 'number',
            value,
            shown: value.toLocaleString('en-US'),
            explain: `The policy's body with its ${config.vocab_size.toLocaleString('en-US')}-way output head replaced by a single number: ${value.toLocaleString('en-US')} more parameters to train and hold in memory, which GRPO does without.`,
            tolerance: 0.25,
          };
        },
      },
    },
    {
      title: 'Does the reward go up?',
      text: 'Each step pushes up the tokens of answers that beat their group and pushes down the others, while a KL penalty keeps the model near where it started.',
      setup: { page: 'grpo' },
      run,
      focus: 'curves',
      question: {
        prompt: `Over ${GRPO_STEPS} steps, will the mean reward of the last step be higher than that of the first?`,
        kind: 'choice',
        choices: ['Higher', 'The same', 'Lower'],
        answer: (s) => {
          const h = s.grpo.history;
          if (h.length < 2) return waiting(`run the lab for at least 2 steps (${h.length} so far)`);
          const first = h[0].meanReward;
          const last = h[h.length - 1].meanReward;
          return {
            kind: 'choice',
            index: last > first ? 0 : last === first ? 1 : 2,
            explain: `Mean reward ${shown(first)} at step ${h[0].step}, ${shown(last)} at step ${h[h.length - 1].step}; KL to the reference ${shown(h[h.length - 1].kl)}. A few steps are noisy: run more to see the trend.`,
          };
        },
      },
    },
  ],
};
