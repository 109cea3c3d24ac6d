import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, userEvent, within } from 'storybook/test';
import { DEEPSEEK_V2 } from '../src/model/presets';
import type { RecordedSession } from '../src/session/recordedSession';
import { formatBytes, formatNumber } from '../src/viz/common/format';
import { KvCacheView, type KvCacheViewProps } from '../src/viz/kvcache';
import {
  formatDiff,
  MAX_CONTEXT,
  maxPathDiff,
  MIN_CONTEXT,
  projectionTable,
  ratioSentence,
} from '../src/viz/kvcache/kvMath';
import storyJson from './fixtures/session-story.json';
import sumJson from './fixtures/session-sum.json';
import { expectMathSteps, mathValues } from './support/mathPlay';
import { TokenSlider } from './support/TokenSlider';

/** Sessions recorded from the real model by `npm run record-stories`. */
const story = storyJson as unknown as RecordedSession;
const sum = sumJson as unknown as RecordedSession;
const last = story.records.length - 1;
const mid = Math.floor(last / 2);

/** The width of the MLA bar in the "All layers" facet of the live meter. */
const mlaBarWidth = (canvas: HTMLElement) =>
  Number(canvas.querySelector('[data-testid="kv-meter"] [data-mechanism="mla"] .kv-bar-fill')!.getAttribute('width'));

/** What the app does: a token slider and a layer picker driving the view. */
function Stepper(props: KvCacheViewProps) {
  const [selected, setSelected] = useState(props.selected);
  const [layer, setLayer] = useState(props.layer ?? 0);
  return (
    <div>
      <TokenSlider count={props.records.length} selected={selected} onChange={setSelected} />
      <KvCacheView {...props} selected={selected} layer={layer} onLayerChange={setLayer} />
    </div>
  );
}

const meta = {
  title: 'Views/KV cache',
  component: KvCacheView,
  args: { config: story.config, records: story.records, untrained: story.untrained, selected: 0 },
} satisfies Meta<typeof KvCacheView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** After the first prompt token: one row in the cache. */
export const FirstToken: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const region = c.getByRole('region', { name: 'KV cache' });
    await expect(within(region).getByRole('heading', { level: 2 })).toHaveTextContent('KV cache');
    await expect(c.getByTestId('kv-ratio')).toHaveTextContent(`${ratioSentence(story.config)}.`);
    await expect(c.getByTestId('kv-ratio')).toHaveTextContent(/MLA keeps 72 values .* MHA would keep 256 \(28%\)/);
    const r = story.records[0];
    await expect(c.getByRole('img', { name: /Bar chart of KV-cache bytes/ })).toHaveAccessibleName(
      new RegExp(`after 1 of ${last + 1} tokens: the latent cache holds ${formatBytes(r.cacheBytes)} \\(measured\\)`),
    );
    await expect(c.getByTestId('path-diff')).toHaveTextContent(
      `naive vs absorbed: max |Δ| = ${formatDiff(maxPathDiff(r))}`,
    );
    await expect(canvasElement.querySelectorAll('[data-testid="kv-heatmap"] [data-row]')).toHaveLength(1);
    await expect(c.queryByText(/Untrained weights/) !== null).toBe(story.untrained);
  },
};

/** Mid-generation: the data table shows the measured bytes beside the computed ones. */
export const MidGeneration: Story = {
  args: { selected: mid, layer: 1 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const r = story.records[mid];
    const toggle = c.getByRole('button', { name: 'Show data: live cache' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const table = c.getByRole('table', { name: /KV-cache bytes after/ });
    const mlaRow = within(table).getByRole('row', { name: /^MLA/ });
    await expect(mlaRow).toHaveTextContent(r.cacheBytes.toLocaleString('en-US'));
    await expect(mlaRow).toHaveTextContent('measured');
    await expect(canvasElement.querySelectorAll('[data-testid="kv-heatmap"] [data-row]')).toHaveLength(mid + 1);
    await expect(c.getByRole('heading', { name: /Latent cache cKV, layer 1/ })).toBeVisible();
    await userEvent.keyboard('{Enter}'); // the toggle keeps focus: Enter closes it again
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  },
};

/** After the last generated token, layer 3's latents. */
export const LastToken: Story = {
  args: { selected: last, layer: 3 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const r = story.records[last];
    await expect(c.getByRole('img', { name: /Bar chart/ }).getAttribute('aria-label')).toContain(
      `holds ${formatBytes(r.cacheBytes)} (measured)`,
    );
    await expect(c.getByRole('img', { name: /Heatmap of the latent c_KV cached in layer 3/ })).toHaveAccessibleName(
      new RegExp(`${last + 1} rows × ${story.config.kv_lora_rank} dims`),
    );
    await expect(c.getByTestId('path-diff')).toHaveTextContent(formatDiff(maxPathDiff(r)));
  },
};

/** Stepping through the tokens: the meter grows with the measured cache. */
export const Stepping: Story = {
  args: { selected: 2 },
  render: (args) => <Stepper {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const img = () => c.getByRole('img', { name: /Bar chart/ });
    await expect(img()).toHaveAccessibleName(
      new RegExp(`holds ${formatBytes(story.records[2].cacheBytes)} \\(measured\\)`),
    );
    const before = mlaBarWidth(canvasElement);
    fireEvent.change(c.getByRole('slider', { name: /Token/ }), { target: { value: String(last) } });
    await expect(img()).toHaveAccessibleName(
      new RegExp(`holds ${formatBytes(story.records[last].cacheBytes)} \\(measured\\)`),
    );
    await expect(mlaBarWidth(canvasElement)).toBeGreaterThan(before);
    await expect(canvasElement.querySelectorAll('[data-testid="kv-heatmap"] [data-row]')).toHaveLength(last + 1);
    await userEvent.selectOptions(c.getByRole('combobox', { name: 'Layer' }), '2');
    await expect(c.getByRole('heading', { name: /Latent cache cKV, layer 2/ })).toBeVisible();
  },
};

/** The DeepSeek-V2 projection at 128K tokens, then slid down to the shortest context. */
export const ProjectionAt128K: Story = {
  args: { selected: last, projectionContext: MAX_CONTEXT },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const slider = c.getByRole('slider', { name: 'Context length' });
    await expect(slider).toHaveAttribute('aria-valuetext', '128K tokens');
    await expect(c.getByText(/^Projection:/)).toHaveTextContent('Projection: DeepSeek-V2 at 128K tokens (bf16)');
    await expect(c.getByTestId('projection-sum')).toHaveTextContent('MLA 8.44 GiB vs MHA 480 GiB (1.8%)');
    const at = (tokens: number) => projectionTable(DEEPSEEK_V2, tokens);
    fireEvent.change(slider, { target: { value: '0' } });
    await expect(c.getByTestId('projection-context')).toHaveTextContent(String(MIN_CONTEXT));
    await expect(c.getByTestId('projection-sum')).toHaveTextContent(
      `MLA ${formatBytes(at(MIN_CONTEXT)[0].totalBytes)} vs MHA ${formatBytes(at(MIN_CONTEXT)[1].totalBytes)}`,
    );
    await userEvent.click(c.getByRole('button', { name: 'Show data: projection' }));
    const table = c.getByRole('table', { name: /Projected KV cache of DeepSeek-V2/ });
    await expect(within(table).getByRole('row', { name: /^MHA/ })).toHaveTextContent(
      at(MIN_CONTEXT)[1].totalBytes.toLocaleString('en-US'),
    );
  },
};

/** The "37+48=" session, last token. */
export const SumPrompt: Story = {
  args: { config: sum.config, records: sum.records, untrained: sum.untrained, selected: sum.records.length - 1 },
  play: async ({ canvasElement }) => {
    const r = sum.records[sum.records.length - 1];
    await expect(within(canvasElement).getByRole('img', { name: /Bar chart/ })).toHaveAccessibleName(
      new RegExp(`after ${r.index + 1} of ${r.index + 1} tokens: the latent cache holds ${formatBytes(r.cacheBytes)}`),
    );
  },
};

/** "The math": eqs. 9–11 and 15 with the token's latent and RoPE key, which change as the token does. */
export const TheMath: Story = {
  args: { selected: 2, layer: 1 },
  render: (args) => <Stepper {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const first = (i: number) => formatNumber(story.records[i].layers[1].cKV[0]);
    await expect(mathValues(canvasElement)).toContain(first(2));
    await expectMathSteps(canvasElement, ['9', '10', '11', '15'], () =>
      fireEvent.change(c.getByRole('slider', { name: /Token/ }), { target: { value: String(last) } }),
    );
    await expect(mathValues(canvasElement)).toContain(first(last));
    await expect(mathValues(canvasElement)).toContain(story.records[last].cacheBytes.toLocaleString('en-US'));
  },
};
