import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import { SamplingControls } from '../src/app/SamplingControls';
import { isMoeLayer } from '../src/model/config';
import type { RecordedSession } from '../src/session/recordedSession';
import storyJson from './fixtures/session-story.json';

/** The recorded session: its sampling settings, seed and the model's layers (dense first, then MoE). */
const story = storyJson as unknown as RecordedSession;
const layers = story.config.num_hidden_layers;
const moeLayers = Array.from({ length: layers }, (_, l) => l).filter((l) => isMoeLayer(story.config, l));
const firstMoe = moeLayers[0];

const meta = {
  title: 'App/SamplingControls',
  component: SamplingControls,
  args: {
    sampling: story.sampling,
    seed: story.seed,
    pastEnd: false,
    layer: firstMoe,
    layers,
    moeLayers,
    onSampling: fn(),
    onSeed: fn(),
    onPastEnd: fn(),
    onLayer: fn(),
  },
} satisfies Meta<typeof SamplingControls>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The recorded settings; each slider reports only its own field. */
export const Recorded: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('group', { name: 'Sampling (applies to the next run) and layer' })).toBeVisible();
    const temperature = c.getByRole('slider', { name: 'Temperature' });
    await expect(temperature).toHaveValue(String(story.sampling.temperature));
    await expect(temperature).toHaveAttribute('aria-valuetext', story.sampling.temperature.toFixed(2));
    fireEvent.change(temperature, { target: { value: '1.25' } });
    await expect(args.onSampling).toHaveBeenLastCalledWith({ temperature: 1.25 });

    const topK = c.getByRole('slider', { name: 'Top-k' });
    await expect(topK).toHaveAttribute('aria-valuetext', String(story.sampling.topK));
    fireEvent.change(topK, { target: { value: '5' } });
    await expect(args.onSampling).toHaveBeenLastCalledWith({ topK: 5 });

    const topP = c.getByRole('slider', { name: 'Top-p' });
    await expect(topP).toHaveAttribute('aria-valuetext', story.sampling.topP.toFixed(2));
    fireEvent.change(topP, { target: { value: '0.5' } });
    await expect(args.onSampling).toHaveBeenLastCalledWith({ topP: 0.5 });
    await expect(args.onSampling).toHaveBeenCalledTimes(3);
  },
};

/** Top-k 0 turns it off, and says so on screen and to a screen reader. */
export const TopKOff: Story = {
  args: { sampling: { ...story.sampling, topK: 0 } },
  play: async ({ canvasElement }) => {
    const topK = within(canvasElement).getByRole('slider', { name: 'Top-k' });
    await expect(topK).toHaveAttribute('aria-valuetext', 'off');
    await expect(topK.closest('label')).toHaveTextContent(/^Top-k off$/);
  },
};

/** Integers only: a half-typed decimal is ignored. */
export const Seed: Story = {
  play: async ({ canvasElement, args }) => {
    const seed = within(canvasElement).getByRole('spinbutton', { name: 'Seed' });
    await expect(seed).toHaveValue(story.seed);
    fireEvent.change(seed, { target: { value: '42' } });
    await expect(args.onSeed).toHaveBeenLastCalledWith(42);
    fireEvent.change(seed, { target: { value: '4.5' } });
    await expect(args.onSeed).toHaveBeenCalledTimes(1);
  },
};

/** The layer menu marks each layer dense or MoE, as the config says. */
export const LayerMenu: Story = {
  play: async ({ canvasElement, args }) => {
    const menu = within(canvasElement).getByRole('combobox', { name: 'Layer' });
    await expect(menu).toHaveValue(String(firstMoe));
    const options = within(menu).getAllByRole('option');
    await expect(options.map((o) => o.textContent)).toEqual(
      Array.from({ length: layers }, (_, l) => `${l} (${moeLayers.includes(l) ? 'MoE' : 'dense'})`),
    );
    const k = story.config.first_k_dense_replace; // the first k layers are dense, the rest MoE
    await expect(options[k - 1]).toHaveTextContent(`${k - 1} (dense)`);
    await expect(options[k]).toHaveTextContent(`${k} (MoE)`);
    await userEvent.selectOptions(menu, '0');
    await expect(args.onLayer).toHaveBeenLastCalledWith(0);
  },
};

/** Generation stops at the end of text unless this box is ticked. */
export const PastEnd: Story = {
  play: async ({ args, canvasElement }) => {
    const box = within(canvasElement).getByRole('checkbox', { name: 'Continue past end of text' });
    await expect(box).not.toBeChecked();
    await userEvent.click(box);
    await expect(args.onPastEnd).toHaveBeenLastCalledWith(true);
  },
};
