import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { parameterCounts } from '../src/model/sizes';
import type { RecordedSession } from '../src/session/recordedSession';
import { ArchitectureView } from '../src/viz/architecture';
import { formatCount } from '../src/viz/architecture/figures';
import storyJson from './fixtures/session-story.json';
import sumJson from './fixtures/session-sum.json';

/** Sessions recorded from the real model by `npm run record-stories`. */
const story = storyJson as unknown as RecordedSession;
const sum = sumJson as unknown as RecordedSession;
const last = story.records.length - 1;
const mid = Math.floor(last / 2);

/** The routed experts the diagram highlights in one layer. */
const chosenIn = (canvas: HTMLElement, layer: number) =>
  Array.from(canvas.querySelectorAll(`[data-layer="${layer}"] rect[data-chosen="true"]`)).map((r) =>
    Number(r.closest('[data-expert]')!.getAttribute('data-expert')),
  );

const meta = {
  title: 'Views/Architecture',
  component: ArchitectureView,
  args: { config: story.config, records: story.records, untrained: story.untrained },
} satisfies Meta<typeof ArchitectureView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** No token selected: the bare diagram of the loaded config and its parameter figures. */
export const Diagram: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const region = c.getByRole('region', { name: 'Architecture' });
    await expect(within(region).getByRole('heading', { level: 2 })).toHaveTextContent('Architecture');
    const p = parameterCounts(story.config);
    await expect(c.getByTestId('total-params')).toHaveTextContent(formatCount(p.total));
    await expect(c.getByTestId('activated-params')).toHaveTextContent(formatCount(p.activated));
    await expect(c.getByRole('row', { name: /^DeepSeek-V2 / })).toHaveTextContent(/236B\s*20\.9B/);
    await expect(c.getByRole('row', { name: /DeepSeek-V2-Lite/ })).toHaveTextContent(/15\.7B\s*2\.45B/);
    await expect(c.queryByText(/Untrained weights/) !== null).toBe(story.untrained);
    const img = c.getByRole('img', { name: /Block diagram of TinySeek/ });
    await expect(img.getAttribute('aria-label')).toMatch(
      `${story.config.num_hidden_layers} decoder layers (1 dense, ${story.config.num_hidden_layers - 1} MoE)`,
    );
    await expect(chosenIn(canvasElement, 1)).toEqual([]);
  },
};

/** The first prompt token: its routed experts light up in every MoE layer. */
export const FirstToken: Story = {
  args: { selected: 0 },
  play: async ({ canvasElement }) => {
    const r = story.records[0];
    for (const l of r.layers.filter((x) => x.routing)) {
      await expect(chosenIn(canvasElement, l.layer).sort((a, b) => a - b)).toEqual(
        [...l.routing!.experts].sort((a, b) => a - b),
      );
    }
    await expect(within(canvasElement).getByText(/Highlighted: the routed experts token 0/)).toBeVisible();
  },
};

/** Mid-generation: the table behind the diagram lists the experts and gates of the selected token. */
export const MidGeneration: Story = {
  args: { selected: mid },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const toggle = c.getByRole('button', { name: /Show data/ });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(c.queryByRole('table', { name: /Parameters per block/ })).toBeNull();
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const table = c.getByRole('table', { name: /Parameters per block/ });
    const routing = story.records[mid].layers[1].routing!;
    await expect(within(table).getByRole('row', { name: /layer 1/ })).toHaveTextContent(
      `${routing.experts[0]} (${routing.gates[0].toFixed(3)})`,
    );
    await userEvent.click(toggle);
    await expect(c.queryByRole('table', { name: /Parameters per block/ })).toBeNull();
  },
};

/** The last generated token. */
export const LastToken: Story = {
  args: { selected: last },
  play: async ({ canvasElement }) => {
    const l3 = story.records[last].layers[3].routing!;
    await expect(chosenIn(canvasElement, 3).sort((a, b) => a - b)).toEqual([...l3.experts].sort((a, b) => a - b));
    const label = within(canvasElement).getByRole('img').getAttribute('aria-label')!;
    await expect(label).toContain(`Token ${last} "${story.records[last].text}"`);
  },
};

/** The "37+48=" session: a different token, different experts. */
export const SumPrompt: Story = {
  args: { config: sum.config, records: sum.records, untrained: sum.untrained, selected: sum.records.length - 1 },
  play: async ({ canvasElement }) => {
    const r = sum.records[sum.records.length - 1];
    await expect(chosenIn(canvasElement, 2).sort((a, b) => a - b)).toEqual(
      [...r.layers[2].routing!.experts].sort((a, b) => a - b),
    );
  },
};
