import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, userEvent, within } from 'storybook/test';
import type { RecordedSession } from '../src/session/recordedSession';
import { LoadBalanceView, type LoadBalanceViewProps } from '../src/viz/balance/LoadBalanceView';
import { capacityDrops, layerBalance } from '../src/viz/balance/balanceMath';
import { dropSummary, lossText } from '../src/viz/balance/balanceText';
import { formatNumber } from '../src/viz/common/format';
import storyJson from './fixtures/session-story.json';
import sumJson from './fixtures/session-sum.json';
import { expectMathSteps, mathValues } from './support/mathPlay';
import { TokenSlider } from './support/TokenSlider';

/** Sessions recorded from the real model by `npm run record-stories`. */
const story = storyJson as unknown as RecordedSession;
const sum = sumJson as unknown as RecordedSession;
const last = story.records.length - 1;

/** What balanceMath says for a window of a recorded session. */
const expected = (s: RecordedSession, selected: number, layer: number, factor = 1) => {
  const seen = s.records.slice(0, selected + 1);
  return {
    balance: layerBalance(seen, layer, s.config),
    drops: capacityDrops(seen, layer, s.config, factor),
    seen,
  };
};

/** Checks the losses the view shows (chart summary, bar labels, data table) against balanceMath. */
async function expectLosses(canvas: HTMLElement, s: RecordedSession, selected: number, layer: number) {
  const c = within(canvas);
  const t = lossText(expected(s, selected, layer).balance);
  const chart = c.getByRole('img', { name: /balance losses as L\/α/ });
  await expect(chart).toHaveAccessibleName(
    `Bar chart of the balance losses as L/α, where 1 = balanced: expert-level ${t.expert}, device-level ${t.device}, communication ${t.comm}.`,
  );
  await expect(c.getByTestId('loss-expert')).toHaveTextContent(t.expert);
  await expect(c.getByTestId('loss-device')).toHaveTextContent(t.device);
  await expect(c.getByTestId('loss-comm')).toHaveTextContent(t.comm);
  const toggle = c.getByRole('button', { name: 'Show data: Balance losses' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await userEvent.click(toggle);
  await expect(c.getByRole('button', { name: 'Hide data: Balance losses' })).toHaveAttribute('aria-expanded', 'true');
  const table = c.getByRole('table', { name: /divided by its coefficient/ });
  await expect(within(table).getByRole('row', { name: `expert ${t.expert}` })).toBeInTheDocument();
  await expect(within(table).getByRole('row', { name: `comm ${t.comm}` })).toBeInTheDocument();
}

/** What the app does: a token slider driving `selected`. */
function Stepper(props: LoadBalanceViewProps) {
  const [selected, setSelected] = useState(props.selected);
  return (
    <div>
      <TokenSlider count={props.records.length} selected={selected} onChange={setSelected} />
      <LoadBalanceView {...props} selected={selected} />
    </div>
  );
}

const meta = {
  title: 'Views/Load balance',
  component: LoadBalanceView,
  args: { config: story.config, records: story.records, untrained: story.untrained, selected: last, layer: 1 },
} satisfies Meta<typeof LoadBalanceView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** All 24 tokens of the recorded story, layer 1: the losses equal balanceMath's. */
export const WholeStory: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('region', { name: 'Load balance' })).toBeInTheDocument();
    await expect(c.getByRole('heading', { level: 2 })).toHaveTextContent('Load balance · layer 1');
    await expect(c.queryByText(/untrained \(random\) weights/) !== null).toBe(story.untrained);
    await expect(c.getByTestId('stat-tokens')).toHaveTextContent(String(story.records.length));
    const { balance } = expected(story, last, 1);
    await expect(c.getByTestId('stat-max-mean')).toHaveTextContent(`${formatNumber(balance.maxOverMean)}×`);
    await expectLosses(canvasElement, story, last, 1);
    for (const name of [
      /load f of each of 16 experts/,
      /mean router probability P/,
      /^Bar chart per device/,
      /assignments per device against/,
    ]) {
      await expect(c.getByRole('img', { name })).toBeInTheDocument();
    }
  },
};

/** The capacity slider: a smaller budget drops more token–expert pairs, and marks their tokens. */
export const CapacitySlider: Story = {
  args: { layer: 2 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const slider = c.getByRole('slider', { name: 'Capacity factor' });
    const summary = c.getByTestId('drop-summary');
    const at = (f: number) => expected(story, last, 2, f);
    await expect(summary).toHaveTextContent(dropSummary(at(1).drops, 4, story.records.length));

    await fireEvent.change(slider, { target: { value: '0.5' } });
    const half = at(0.5).drops;
    await expect(half.count).toBeGreaterThan(at(1).drops.count);
    await expect(summary).toHaveTextContent(dropSummary(half, 4, story.records.length));
    await expect(c.getByTestId('capacity-factor')).toHaveTextContent(`0.50× → ${half.capacity} per device`);
    const marked = new Set(half.pairs.map((p) => p.position)).size;
    await expect(canvasElement.querySelectorAll('.lb-token-drop')).toHaveLength(marked);
    const pairs = c.getByRole('list', { name: /Dropped token–expert pairs/ });
    await expect(within(pairs).getAllByRole('listitem')).toHaveLength(half.count);

    await fireEvent.change(slider, { target: { value: '2' } });
    await expect(summary).toHaveTextContent(dropSummary(at(2).drops, 4, story.records.length));
    await expect(at(2).drops.count).toBeLessThan(half.count);
  },
};

/** Early in the story only four tokens count, so the statistics are rougher. */
export const EarlyToken: Story = {
  args: { selected: 3, layer: 3 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByTestId('stat-tokens')).toHaveTextContent('4');
    await expectLosses(canvasElement, story, 3, 3);
  },
};

/** The stats grow as you step: a token slider as the app has one. */
export const Stepping: Story = {
  args: { selected: 0, layer: 2 },
  render: (args) => <Stepper {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByTestId('stat-tokens')).toHaveTextContent('1');
    await fireEvent.change(c.getByRole('slider', { name: /^Token/ }), { target: { value: '9' } });
    await expect(c.getByTestId('stat-tokens')).toHaveTextContent('10');
    await expectLosses(canvasElement, story, 9, 2);
  },
};

/** The recorded sum prompt "37+48=" at its last token, layer 3. */
export const SumPrompt: Story = {
  args: {
    config: sum.config,
    records: sum.records,
    untrained: sum.untrained,
    selected: sum.records.length - 1,
    layer: 3,
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByTestId('stat-tokens')).toHaveTextContent(String(sum.records.length));
    await expectLosses(canvasElement, sum, sum.records.length - 1, 3);
  },
};

/** Layer 0 is dense (first_k_dense_replace = 1): nothing to balance. */
export const DenseLayer: Story = {
  args: { layer: 0 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByText(/Layer 0 has a dense MLP/)).toBeInTheDocument();
    await expect(c.queryByRole('img')).toBeNull();
  },
};

/** "The math": eqs. 23–31 with the window's losses, which change as the window grows. */
export const TheMath: Story = {
  args: { selected: 3 },
  render: (args) => <Stepper {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expectMathSteps(canvasElement, ['23', '24', '25', '26', '27', '28', '29', '30', '31'], () =>
      fireEvent.change(c.getByRole('slider', { name: /Token/ }), { target: { value: String(last) } }),
    );
    const b = layerBalance(story.records, 1, story.config);
    await expect(mathValues(canvasElement)).toContain(formatNumber(b.loss.expert, 3));
    await expect(mathValues(canvasElement)).toContain(formatNumber(b.loss.comm, 3));
  },
};
