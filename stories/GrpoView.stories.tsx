import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import type { GrpoStepEvent } from '../src/rl/events';
import { initialGrpoLab, reduceGrpoEvent, type GrpoLab } from '../src/state/grpoSlice';
import { formatNumber, formatSigned } from '../src/viz/common/format';
import { shownPiece } from '../src/viz/grpo/GroupOutputs';
import { GrpoView, type GrpoViewProps } from '../src/viz/grpo/GrpoView';
import type { GrpoEvent } from '../src/worker/grpo/protocol';
import type { RecordedGrpo } from '../scripts/record-grpo';
import additionJson from './fixtures/grpo-addition.json';
import { expectMathSteps, mathValues } from './support/mathPlay';
import digitsJson from './fixtures/grpo-digits.json';

/** GRPO steps of the shipped model recorded by `npm run record-grpo`: the worker's events in order. */
const addition = additionJson as unknown as RecordedGrpo;
const digits = digitsJson as unknown as RecordedGrpo;

/** The lab's state after the first `n` events, folded by the store's own reducer (which follows the newest group). */
function replay(r: RecordedGrpo, n = r.events.length): GrpoLab {
  const start: GrpoLab = { ...initialGrpoLab(), hyper: r.hyper, evaluation: r.evaluation };
  return r.events.slice(0, n).reduce<GrpoLab>((l, e) => reduceGrpoEvent(l, e), start);
}

/** The finished recording with its first group chosen. */
const done = (r: RecordedGrpo): GrpoLab => ({ ...replay(r), group: 0, output: 0 });

const steps = (r: RecordedGrpo) =>
  r.events.filter((e): e is Extract<GrpoEvent, { type: 'step' }> => e.type === 'step').map((e) => e.event);
const lastStep = (r: RecordedGrpo): GrpoStepEvent => steps(r).at(-1)!;

const actions = {
  onHyper: fn(),
  onEvaluation: fn(),
  onSteps: fn(),
  onRun: fn(),
  onStep: fn(),
  onPause: fn(),
  onResetReference: fn(),
  onRestart: fn(),
  onSelect: fn(),
};

const meta = {
  title: 'Labs/GRPO',
  component: GrpoView,
  args: { lab: done(addition), actions },
} satisfies Meta<typeof GrpoView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Four recorded steps (2 prompts × G = 8): the last step's first group, the curves, PPO beside GRPO, the expert load. */
export const AfterFourSteps: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const region = c.getByRole('region', { name: 'GRPO' });
    const step = lastStep(addition);
    const g = step.groups[0];
    const list = within(region).getByRole('list', { name: 'The 8 outputs of group 1' });
    await expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    const first = g.outputs[0];
    const button = within(list).getAllByRole('button')[0];
    const tokens = first.pieces.map(shownPiece).join(' ');
    await expect(button).toHaveAccessibleName(
      `Output 1 “${first.text}”, tokens: ${tokens} r = ${formatNumber(first.reward, 2)} Â = ${formatSigned(first.advantage)}`,
    );
    const sum = g.outputs.reduce((a, o) => a + o.advantage, 0);
    await expect(c.getByTestId('advantage-sum')).toHaveTextContent(formatNumber(sum, 3));
    await userEvent.click(c.getByRole('button', { name: /^Group 2/ }));
    await expect(args.actions.onSelect).toHaveBeenCalledWith(1);
    await userEvent.click(c.getByRole('button', { name: 'Show data: Curves' }));
    const table = c.getByRole('table', { name: /Per step: mean reward/ });
    await expect(within(table).getAllByRole('row')).toHaveLength(1 + 1 + steps(addition).length);
    await expect(c.getByRole('img', { name: /^Held-out greedy accuracy \(20 sums\)/ })).toBeInTheDocument();
    await userEvent.click(c.getByRole('button', { name: 'Step once' }));
    await expect(args.actions.onStep).toHaveBeenCalled();
  },
};

/** Choosing an output shows its tokens' ratio, clip and KL, as recorded. */
export const SecondOutputTokens: Story = {
  args: { lab: { ...done(addition), output: 1 } },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const o = lastStep(addition).groups[0].outputs[1];
    const table = c.getByRole('region', { name: 'Tokens of output 2' });
    const rows = within(table).getAllByRole('row');
    await expect(rows).toHaveLength(1 + o.ids.length);
    await expect(rows[1]).toHaveTextContent(formatNumber(o.ratio[0], 4));
    await expect(rows[1]).toHaveTextContent(formatNumber(o.kl[0], 5));
  },
};

/** Mid-step: the next step's first group has been sampled and scored, its update not yet done. */
export const Sampling: Story = {
  args: {
    lab: replay(addition, addition.events.findLastIndex((e) => e.type === 'group' && e.group.index === 0) + 1),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByText(/\(sampling…\)/)).toBeInTheDocument();
    await expect(c.queryByRole('region', { name: /Tokens of output/ })).toBeNull();
  },
};

/** Process supervision (one reward per digit): advantages differ from token to token within an output. */
export const PerDigitReward: Story = {
  args: { lab: replay(digits) },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const o = lastStep(digits).groups[0].outputs[0];
    const rows = within(c.getByRole('region', { name: 'Tokens of output 1' })).getAllByRole('row');
    for (let t = 0; t < o.ids.length; t++) await expect(rows[t + 1]).toHaveTextContent(formatSigned(o.advantages[t]));
  },
};

/** A refused setting: one line, and the recorded state stays. */
export const Refused: Story = {
  args: {
    lab: reduceGrpoEvent(done(addition), {
      type: 'error',
      during: 'run',
      message: 'the group size G must be an integer ≥ 2 (a group needs a baseline), got 1',
    }),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('alert')).toHaveTextContent('the group size G must be an integer ≥ 2');
    await expect(c.getByRole('list', { name: 'The 8 outputs of group 1' })).toBeInTheDocument();
  },
};

/** What the lab does: choosing a group or an output moves the selection. */
function Selecting({ lab: start, actions: a }: GrpoViewProps) {
  const [lab, setLab] = useState(start);
  const onSelect = (group: number, output = 0) => setLab((l) => ({ ...l, group, output }));
  return <GrpoView lab={lab} actions={{ ...a, onSelect }} />;
}

/** "The math": DeepSeekMath eqs. 3–4 and the advantage with the chosen group's and output's numbers. */
export const TheMath: Story = {
  render: (args) => <Selecting {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const step = lastStep(addition);
    const list = () => c.getByRole('list', { name: /^The 8 outputs of group/ });
    // output 5 of group 1 starts with another token than output 1: another KL
    await expectMathSteps(canvasElement, ['3', '4'], () => userEvent.click(within(list()).getAllByRole('button')[4]));
    await expect(mathValues(canvasElement)).toContain(formatNumber(step.groups[0].outputs[4].kl[0], 5));
    // group 2: other rewards, mean and std
    await expectMathSteps(canvasElement, ['3', '4'], () =>
      userEvent.click(c.getByRole('button', { name: /^Group 2/ })),
    );
    const g = step.groups[1];
    await expect(mathValues(canvasElement)).toContain(formatNumber(g.mean, 3));
    for (const o of g.outputs) await expect(mathValues(canvasElement)).toContain(formatSigned(o.advantage, 2));
  },
};
