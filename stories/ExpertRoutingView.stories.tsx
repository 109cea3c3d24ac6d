import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import type { RecordedSession } from '../src/session/recordedSession';
import { ExpertRoutingView, type ExpertRoutingViewProps } from '../src/viz/routing/ExpertRoutingView';
import { formatNumber } from '../src/viz/common/format';
import { expectMathSteps, mathValues } from './support/mathPlay';
import { TokenSlider } from './support/TokenSlider';
import storyJson from './fixtures/session-story.json';
import sumJson from './fixtures/session-sum.json';

/** Sessions recorded from the real model by `npm run record-stories`. */
const story = storyJson as unknown as RecordedSession;
const sum = sumJson as unknown as RecordedSession;
const lastPrompt = story.records.filter((r) => r.source === 'prompt').length - 1;
const routingOf = (s: RecordedSession, index: number, layer: number) => s.records[index].layers[layer].routing!;

const meta = {
  title: 'Views/Expert routing',
  component: ExpertRoutingView,
  args: {
    config: story.config,
    records: story.records,
    selected: lastPrompt,
    layer: 1,
    untrained: story.untrained,
    onSelectToken: fn(),
    onHighlightExpert: fn(),
  },
} satisfies Meta<typeof ExpertRoutingView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The first MoE layer: every token's router probabilities, its devices and its top K. */
export const Layer1: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('region', { name: 'Expert routing' })).toBeVisible();
    // the shipped model is DeepSeek-V2: softmax scores, no selection bias
    await expect(c.getByText('softmax', { exact: true })).toBeVisible();
    await expect(c.queryByRole('list', { name: 'Selection bias of each routed expert' })).toBeNull();
    const r = routingOf(story, lastPrompt, 1);
    await expect(c.getByRole('img', { name: /^Router probabilities at layer 1/ })).toHaveAccessibleName(
      expect.stringContaining(`devices ${r.selectedGroups.join(' and ')} and chose experts ${r.experts.join(', ')}`),
    );
    await expect(c.getAllByRole('button', { name: /^\d+ .*: show its path$/ })).toHaveLength(story.records.length);
    await expect(c.getAllByRole('button', { name: /^Expert \d+ \(device \d\)/ })).toHaveLength(16);
    await expect(c.queryByText(/Untrained weights/) !== null).toBe(story.untrained);
  },
};

export const Layer2: Story = { args: { layer: 2 } };

export const Layer3: Story = { args: { layer: 3, selected: story.records.length - 1 } };

/** Layer 0 is dense: no router, so the view says so and points at the MoE layers. */
export const DenseLayer: Story = {
  args: { layer: 0 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('status')).toHaveTextContent('Layer 0 is a dense layer');
    await expect(c.getByRole('status')).toHaveTextContent('Choose an MoE layer (1, 2 or 3)');
    await expect(c.queryByRole('img', { name: /^Router probabilities/ })).toBeNull();
  },
};

/** The sum prompt "37+48=" and the tokens the model appended. */
export const SumPrompt: Story = {
  args: { config: sum.config, records: sum.records, selected: 5, layer: 2, untrained: sum.untrained },
};

/** Clicking an expert's number highlights exactly the tokens whose top K includes it. */
export const ClickExpert: Story = {
  play: async ({ args, canvasElement }) => {
    const c = within(canvasElement);
    const expert = routingOf(story, lastPrompt, 1).experts[0];
    const want = story.records.filter((r) => routingOf(story, r.index, 1).experts.includes(expert));
    await userEvent.click(c.getByRole('button', { name: new RegExp(`^Expert ${expert} \\(`) }));
    await expect(args.onHighlightExpert).toHaveBeenCalledWith(expert);
    await expect(c.getByRole('button', { name: new RegExp(`^Expert ${expert} \\(`), pressed: true })).toBeVisible();
    const list = c.getByRole('list', { name: `Tokens routed to expert ${expert}` });
    const items = within(list).getAllByRole('listitem');
    await expect(items.map((li) => li.textContent?.match(/#(\d+)/)?.[1])).toEqual(want.map((r) => String(r.index)));
    const routedRows = canvasElement.querySelectorAll('[data-routed="true"]');
    await expect([...routedRows].map((b) => b.getAttribute('aria-label'))).toEqual(
      want.map((r) => `${r.index} ${r.text}: show its path`),
    );
    // Clicking it again clears the highlight.
    await userEvent.click(c.getByRole('button', { name: new RegExp(`^Expert ${expert} \\(`) }));
    await expect(args.onHighlightExpert).toHaveBeenLastCalledWith(null);
    await expect(canvasElement.querySelectorAll('[data-routed="true"]')).toHaveLength(0);
  },
};

/** The app controls the highlight: expert 0 at layer 3. */
export const ControlledHighlight: Story = {
  args: { layer: 3, highlightedExpert: 0 },
  play: async ({ canvasElement }) => {
    const want = story.records.filter((r) => routingOf(story, r.index, 3).experts.includes(0));
    await expect(canvasElement.querySelectorAll('[data-routed="true"]')).toHaveLength(want.length);
  },
};

/** Clicking a token shows its path through all layers: dense, then its devices and experts. */
export const ClickTokenShowsPath: Story = {
  play: async ({ args, canvasElement }) => {
    const c = within(canvasElement);
    const t = 4;
    const rec = story.records[t];
    await userEvent.click(c.getByRole('button', { name: `${t} ${rec.text}: show its path` }));
    await expect(args.onSelectToken).toHaveBeenCalledWith(t);
    await expect(c.getByRole('heading', { name: new RegExp(`^Path of “${rec.text}” \\(#${t}\\)`) })).toBeVisible();
    const steps = within(c.getByRole('list', { name: 'Path by layer' })).getAllByRole('listitem');
    await expect(steps).toHaveLength(story.config.num_hidden_layers);
    await expect(steps[0]).toHaveTextContent('dense MLP');
    for (const layer of [1, 2, 3]) {
      const r = routingOf(story, t, layer);
      await expect(steps[layer]).toHaveTextContent(`devices ${r.selectedGroups.join(', ')}`);
      await expect(steps[layer]).toHaveTextContent(
        `experts ${r.experts.map((e, i) => `${e} (${r.gates[i].toFixed(3)})`).join(', ')}`,
      );
    }
    // Keyboard: focus another token and press Space.
    c.getByRole('button', { name: /^0 .*: show its path/ }).focus();
    await userEvent.keyboard(' ');
    await expect(args.onSelectToken).toHaveBeenLastCalledWith(0);
    await expect(c.getByRole('heading', { name: /^Path of “.*” \(#0\)/ })).toBeVisible();
  },
};

/** "Show data" reveals the grid as a table: a row per token, s per expert, * on the chosen ones. */
export const ShowData: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const toggle = c.getByRole('button', { name: 'Show data: router probabilities' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const table = c.getByRole('table', { name: /^Layer 1/ });
    const rows = within(table).getAllByRole('row');
    await expect(rows).toHaveLength(story.records.length + 1);
    const r = routingOf(story, 0, 1);
    const cells = within(rows[1]).getAllByRole('cell');
    await expect(cells.slice(2).map((x) => x.textContent)).toEqual(
      r.probs.map((p, e) => `${p.toFixed(3)}${r.experts.includes(e) ? '*' : ''}`),
    );
  },
};

/** What the app does: a token slider driving `selected`. */
function Stepper(props: ExpertRoutingViewProps) {
  const [selected, setSelected] = useState(props.selected);
  return (
    <div>
      <TokenSlider count={props.records.length} selected={selected} onChange={setSelected} />
      <ExpertRoutingView {...props} selected={selected} />
    </div>
  );
}

/** "The math": eqs. 20–22 with the token's chosen experts, their s and g, and its devices. */
export const TheMath: Story = {
  render: (args) => <Stepper {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const last = story.records.length - 1;
    await expectMathSteps(canvasElement, ['20', '21', '22'], () =>
      fireEvent.change(c.getByRole('slider', { name: /Token/ }), { target: { value: String(last) } }),
    );
    const r = routingOf(story, last, 1);
    for (const g of r.gates) await expect(mathValues(canvasElement)).toContain(formatNumber(g, 3));
  },
};
