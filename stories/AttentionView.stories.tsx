import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import type { RecordedSession } from '../src/session/recordedSession';
import { AttentionView, type AttentionViewProps } from '../src/viz/attention/AttentionView';
import { expectMathSteps } from './support/mathPlay';
import { TokenSlider } from './support/TokenSlider';
import storyJson from './fixtures/session-story.json';
import sumJson from './fixtures/session-sum.json';

/** Sessions recorded from the real model by `npm run record-stories`. */
const story = storyJson as unknown as RecordedSession;
const sum = sumJson as unknown as RecordedSession;
const lastPrompt = story.records.filter((r) => r.source === 'prompt').length - 1;

const meta = {
  title: 'Views/Attention',
  component: AttentionView,
  args: {
    config: story.config,
    records: story.records,
    selected: lastPrompt,
    layer: 1,
    untrained: story.untrained,
    onSelectToken: fn(),
  },
} satisfies Meta<typeof AttentionView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The first token can only attend to itself: every head puts weight 1 on position 0. */
export const FirstToken: Story = {
  args: { selected: 0 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('region', { name: 'Attention' })).toBeVisible();
    await expect(c.getByRole('img', { name: /over 1 position, 8 heads/ })).toBeVisible();
    await expect(c.getAllByRole('button', { name: /^Token “/ })).toHaveLength(1);
    await expect(c.queryByText(/Untrained weights/) !== null).toBe(story.untrained);
  },
};

/** The last prompt token at layer 1: one column per earlier token. */
export const LaterToken: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const keys = c.getAllByRole('button', { name: /^Token “/ });
    await expect(keys).toHaveLength(lastPrompt + 1);
    await expect(keys[lastPrompt]).toHaveAttribute('aria-current', 'true');
    const heads = story.records[lastPrompt].layers[1].attention;
    const top = heads[0].indexOf(Math.max(...heads[0]));
    await expect(c.getByRole('img', { name: /^Attention of token/ })).toHaveAccessibleName(
      expect.stringContaining(`head 0 most on “${story.records[top].text}” (#${top}`),
    );
  },
};

/** A generated token deep in the sequence, at the last layer. */
export const GeneratedTokenLastLayer: Story = {
  args: { selected: story.records.length - 1, layer: story.config.num_hidden_layers - 1 },
};

/** Layer 0 (its feed-forward block is dense, but its attention works like every other layer's). */
export const LayerZero: Story = {
  args: { layer: 0 },
};

/** The sum prompt "37+48=": the "=" token looking back at the digits. */
export const SumPrompt: Story = {
  args: {
    config: sum.config,
    records: sum.records,
    selected: sum.records.findIndex((r) => r.text === '='),
    layer: 2,
    untrained: sum.untrained,
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const keys = c.getAllByRole('button', { name: /^Token “/ });
    await expect(keys.map((k) => k.textContent)).toEqual(
      sum.records.slice(0, sum.records.findIndex((r) => r.text === '=') + 1).map((r) => r.text),
    );
  },
};

/** Pressing a head number enlarges that head: its bars and its summary replace head 0's. */
export const HeadSelector: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('button', { name: '0', pressed: true })).toBeVisible();
    await userEvent.click(c.getByRole('button', { name: '5' }));
    await expect(c.getByRole('button', { name: '5', pressed: true })).toBeVisible();
    await expect(c.getByRole('button', { name: '0', pressed: false })).toBeVisible();
    await expect(c.getByRole('heading', { name: 'Head 5' })).toBeVisible();
    const w = story.records[lastPrompt].layers[1].attention[5];
    const top = w.indexOf(Math.max(...w));
    await expect(c.getByRole('img', { name: /^Head 5:/ })).toHaveAccessibleName(
      expect.stringContaining(`largest weight ${w[top].toFixed(3)} on “${story.records[top].text}” (#${top})`),
    );
  },
};

/** Clicking a key token reports it and makes it the query token. */
export const ClickKeyToken: Story = {
  play: async ({ args, canvasElement }) => {
    const c = within(canvasElement);
    const key = c.getByRole('button', { name: `Token “${story.records[3].text}” at position 3: select it` });
    await userEvent.click(key);
    await expect(args.onSelectToken).toHaveBeenCalledWith(3);
    await expect(c.getAllByRole('button', { name: /^Token “/ })).toHaveLength(4);
    await expect(c.getByRole('img', { name: /over 4 positions/ })).toBeVisible();
    // Keyboard: Tab to the first key and press Enter.
    c.getAllByRole('button', { name: /^Token “/ })[0].focus();
    await userEvent.keyboard('{Enter}');
    await expect(args.onSelectToken).toHaveBeenLastCalledWith(0);
  },
};

/** "Show data" reveals the enlarged head's numbers as a table, one row per key. */
export const ShowData: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const toggle = c.getByRole('button', { name: 'Show data: head 0' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    await expect(c.getByRole('button', { name: 'Hide data: head 0' })).toHaveAttribute('aria-expanded', 'true');
    const table = c.getByRole('table', { name: /^Head 0/ });
    const rows = within(table).getAllByRole('row');
    await expect(rows).toHaveLength(lastPrompt + 2);
    const L = story.records[lastPrompt].layers[1];
    await expect(rows[1]).toHaveTextContent(L.attention[0][0].toFixed(4));
    await userEvent.click(c.getByRole('button', { name: 'Show data: all heads' }));
    const all = c.getByRole('table', { name: /^Every head/ });
    await expect(within(all).getAllByRole('row')).toHaveLength(1 + 8 * (lastPrompt + 1));
  },
};

/** What the app does: a token slider driving `selected`. */
function Stepper(props: AttentionViewProps) {
  const [selected, setSelected] = useState(props.selected);
  return (
    <div>
      <TokenSlider count={props.records.length} selected={selected} onChange={setSelected} />
      <AttentionView {...props} selected={selected} />
    </div>
  );
}

/** "The math": eqs. 12–19 with the query's σ, logit split and top weights, which change with the token. */
export const TheMath: Story = {
  render: (args) => <Stepper {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expectMathSteps(canvasElement, ['12', '13', '14', '16', '17', '18', '19'], () =>
      fireEvent.change(c.getByRole('slider', { name: /Token/ }), {
        target: { value: String(story.records.length - 1) },
      }),
    );
    const label = /^Numbers of token \d+ “.*”, layer 1, head 0:$/;
    await expect(c.getAllByText(label, { selector: 'span' }).length).toBeGreaterThan(0);
  },
};
