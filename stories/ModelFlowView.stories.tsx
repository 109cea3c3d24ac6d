import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import type { RecordedSession } from '../src/session/recordedSession';
import { formatPercent } from '../src/viz/common/format';
import { ModelFlowView, type ModelFlowViewProps } from '../src/viz/flow/ModelFlowView';
import denseJson from './fixtures/session-flow-dense.json';
import liteJson from './fixtures/session-flow-lite.json';
import tinyseekJson from './fixtures/session-flow-tinyseek.json';
import { TokenSlider } from './support/TokenSlider';

/** Sessions recorded from the real model code by `npm run record-flow`. */
const tinyseek = tinyseekJson as unknown as RecordedSession;
const dense = denseJson as unknown as RecordedSession;
const lite = liteJson as unknown as RecordedSession;

/** What the app does: a token slider, and a block press opening its layer. */
function Stepper(props: ModelFlowViewProps) {
  const [selected, setSelected] = useState(props.selected);
  const [layer, setLayer] = useState(props.layer);
  return (
    <div>
      <TokenSlider count={props.records.length} selected={selected} onChange={setSelected} />
      <ModelFlowView
        {...props}
        selected={selected}
        layer={layer}
        onOpen={(view, l) => {
          setLayer(l);
          props.onOpen(view, l);
        }}
      />
    </div>
  );
}

const sessionArgs = (s: RecordedSession) => ({
  config: s.config,
  records: s.records,
  untrained: s.untrained,
  selected: s.records.length - 1,
});

const meta = {
  title: 'Views/Model flow',
  component: ModelFlowView,
  render: (args) => <Stepper {...args} />,
  args: { ...sessionArgs(tinyseek), layer: 1, onOpen: fn() },
} satisfies Meta<typeof ModelFlowView>;
export default meta;
type Story = StoryObj<typeof meta>;

const topNext = (canvas: HTMLElement) => canvas.querySelector('[data-next="0"] text')?.textContent;

/** Steps back one token with the slider: the drawn token, its next tokens and its values change. */
async function stepChangesFlow(canvas: HTMLElement, s: RecordedSession) {
  const c = within(canvas);
  const last = s.records.length - 1;
  const svg = () => canvas.querySelector('svg.fl-svg')!;
  await expect(svg()).toHaveAttribute('data-token', String(last));
  await expect(c.getByRole('region', { name: 'Model flow' })).toHaveTextContent(
    formatPercent(s.records[last].next[0].p),
  );
  // the heat strips are pictures of the token's values: stepping repaints them
  const pictures = () => [...svg().querySelectorAll('.cell-grid image:last-child')].map((i) => i.getAttribute('href'));
  const before = pictures();
  await expect(before.length).toBeGreaterThan(0);
  await expect(before.every((h) => h?.startsWith('data:image/bmp;base64,'))).toBe(true);
  await fireEvent.change(c.getByRole('slider'), { target: { value: String(last - 1) } });
  await expect(svg()).toHaveAttribute('data-token', String(last - 1));
  await expect(pictures()).not.toEqual(before);
  await expect(c.getByRole('region', { name: 'Model flow' })).toHaveTextContent(
    `“${s.records[last - 1].text}” (#${last - 1}) through all`,
  );
  await expect(c.getByRole('region', { name: 'Model flow' })).toHaveTextContent(
    formatPercent(s.records[last - 1].next[0].p),
  );
}

/** A laptop-wide box (1300 px) whatever the runner's viewport. */
const laptop = (Story: () => React.JSX.Element) => (
  <div style={{ width: 1300 }}>
    <Story />
  </div>
);

/** The shipped TinySeek model on a laptop: every layer in full, MLA above the stream, the FFN below. */
export const TinySeek: Story = {
  decorators: [laptop],
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('region', { name: 'Model flow' })).toBeVisible();
    await expect(canvasElement.querySelector('svg.fl-svg')).toHaveAttribute('data-orientation', 'horizontal');
    const n = tinyseek.config.num_hidden_layers;
    await expect(c.getAllByRole('button', { name: /MLA: open KV cache$/ })).toHaveLength(n);
    await expect(c.getAllByRole('button', { name: /attention: open Attention$/ })).toHaveLength(n);
    await expect(c.getAllByRole('button', { name: /router: open Expert routing$/ })).toHaveLength(n - 1);
    await expect(c.getAllByRole('button', { name: /experts: open Load balance$/ })).toHaveLength(n - 1);
    await expect(topNext(canvasElement)).toBeTruthy();
    await stepChangesFlow(canvasElement, tinyseek);
    await userEvent.click(c.getByRole('button', { name: 'Layer 2 MLA: open KV cache' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('kv', 2);
    await userEvent.click(c.getByRole('button', { name: 'Layer 3 attention: open Attention' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('attention', 3);
    await userEvent.click(c.getByRole('button', { name: 'Layer 1 router: open Expert routing' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('routing', 1);
    await userEvent.click(c.getByRole('button', { name: 'Layer 3 experts: open Load balance' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('balance', 3);
    // keyboard: Enter on the head block.
    c.getByRole('button', { name: 'Final norm and LM head: open Next token' }).focus();
    await userEvent.keyboard('{Enter}');
    await expect(args.onOpen).toHaveBeenLastCalledWith('next', 3);
  },
};

/** On a phone (390 px): top to bottom, the selected layer in full, nothing wider than the screen. */
export const Phone: Story = {
  decorators: [
    (Story) => (
      <div style={{ width: 390 }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const svg = canvasElement.querySelector('svg.fl-svg')!;
    await expect(svg).toHaveAttribute('data-orientation', 'vertical');
    await expect(svg.getBoundingClientRect().width).toBeLessThanOrEqual(390);
    await expect(svg.querySelectorAll('.fl-detailed')).toHaveLength(1);
    await stepChangesFlow(canvasElement, tinyseek);
    await userEvent.click(c.getByRole('button', { name: 'Layer 1 attention: open Attention' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('attention', 1);
    await userEvent.click(c.getByRole('button', { name: 'Layer 3 MLA: open KV cache' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('kv', 3);
    await expect(svg.querySelector('.fl-detailed')).toHaveAttribute('data-layer', '3');
  },
};

/** A dense-only config (every layer a dense MLP), seeded random weights: no router anywhere. */
export const DenseOnly: Story = {
  decorators: [laptop],
  args: { ...sessionArgs(dense), layer: 0 },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.queryAllByRole('button', { name: /router/ })).toHaveLength(0);
    await expect(c.getAllByRole('button', { name: /dense MLP: open Expert routing$/ })).toHaveLength(
      dense.config.num_hidden_layers,
    );
    await expect(c.getByRole('note')).toHaveTextContent('Untrained weights');
    await stepChangesFlow(canvasElement, dense);
    await userEvent.click(c.getByRole('button', { name: 'Layer 0 dense MLP: open Expert routing' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('routing', 0);
  },
};

/** A V2-Lite-shaped config (27 layers, 64 routed experts, 2 shared, top 6): one layer in full, the rest compact. */
export const LiteShaped: Story = {
  decorators: [laptop],
  args: { ...sessionArgs(lite), layer: 1 },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const svg = canvasElement.querySelector('svg.fl-svg')!;
    await expect(svg.querySelectorAll('.fl-detailed')).toHaveLength(1);
    await expect(svg.querySelectorAll('.fl-layer')).toHaveLength(27);
    // the selected layer's 64 experts, 6 of them chosen.
    const detailed = svg.querySelector('.fl-detailed')!;
    await expect(detailed.querySelectorAll('.fl-expert:not(.fl-shared)')).toHaveLength(64);
    await expect(detailed.querySelectorAll('.fl-chosen:not(.fl-shared)')).toHaveLength(6);
    const r = lite.records[lite.records.length - 1].layers[1].routing!;
    await expect(c.getByRole('button', { name: 'Layer 1 experts: open Load balance' })).toBeVisible();
    await expect(detailed).toHaveTextContent(`E${r.experts[0]}`);
    // nothing is drawn beyond the flow's width.
    const box = svg.getBoundingClientRect();
    for (const layer of svg.querySelectorAll('.fl-layer')) {
      await expect(layer.getBoundingClientRect().right).toBeLessThanOrEqual(box.right + 1);
    }
    // pressing a compact layer opens it and draws it in full.
    await userEvent.click(c.getByRole('button', { name: 'Layer 20 router: open Expert routing' }));
    await expect(args.onOpen).toHaveBeenLastCalledWith('routing', 20);
    await expect(svg.querySelector('.fl-detailed')).toHaveAttribute('data-layer', '20');
    await stepChangesFlow(canvasElement, lite);
  },
};

/** Show data lists every value drawn, block by block. */
export const ShowDataTable: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await userEvent.click(c.getByRole('button', { name: 'Show data: model flow' }));
    const table = c.getByRole('table');
    const last = tinyseek.records[tinyseek.records.length - 1];
    await expect(table).toHaveTextContent(`E${last.layers[1].routing!.experts[0]}`);
    await expect(within(table).getAllByRole('row')[1]).toHaveTextContent(`d = ${tinyseek.config.hidden_size}`);
  },
};
