import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { LoadStatus } from '../src/app/LoadStatus';
import { SHIPPED_MODEL } from '../src/app/shippedModel';
import { toConfigJson } from '../src/model/config';
import { parseModelFiles, type ModelFileContents } from '../src/model/modelFiles';
import { serializeSafetensors } from '../src/model/safetensors';
import { initWeights } from '../src/model/weights';
import type { RecordedSession } from '../src/session/recordedSession';
import storyJson from './fixtures/session-story.json';

/** The session recorded from the real model; its config sizes the files below. */
const story = storyJson as unknown as RecordedSession;
const configJson = toConfigJson(story.config);
/** model.safetensors for the recorded config (seeded weights, F32): the real file's size and layout. */
const weightsFile = serializeSafetensors(initWeights(story.config, 1));
/** Where a download stopped: 40% of the file. */
const cut = Math.floor(weightsFile.length * 0.4);
/** What the app calls the shipped model: its folder's name. */
const shippedName = SHIPPED_MODEL.replace(/\/$/, '').split('/').pop()!;

/** The one-line message the real parser gives for these files. */
function loadError(files: ModelFileContents): string {
  try {
    parseModelFiles(files);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('these files were expected not to parse');
}
/** A download cut off part way: the header promises bytes the file no longer has. */
const truncatedError = loadError({ config: configJson, weights: weightsFile.subarray(0, cut) });
/** A dropped checkpoint whose config.json claims one layer more than its weights hold. */
const mismatchError = loadError({
  config: { ...configJson, num_hidden_layers: story.config.num_hidden_layers + 1 },
  weights: weightsFile,
});

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const meta = {
  title: 'App/LoadStatus',
  component: LoadStatus,
  args: {
    state: 'loading',
    progress: null,
    error: null,
    current: null,
    onRetry: fn(),
    onRandom: fn(),
    onDismiss: fn(),
  },
} satisfies Meta<typeof LoadStatus>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Before the first byte: an indeterminate bar. */
export const Fetching: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const bar = c.getByRole('progressbar', { name: 'Fetching the model' });
    await expect(bar).not.toHaveAttribute('value');
    await expect(c.getByRole('status')).toHaveTextContent('Fetching the model');
  },
};

/** 40% of the weights have arrived: megabytes in the label and in the bar's value text. */
export const Downloading: Story = {
  args: { progress: { phase: 'download', loaded: cut, total: weightsFile.length } },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const bytes = `${mb(cut)} of ${mb(weightsFile.length)}`;
    // The name stays the phase while the bytes tick; the bytes are the value.
    const bar = c.getByRole('progressbar', { name: 'Downloading the weights' });
    await expect(bar).toHaveAttribute('aria-valuetext', `40%, ${bytes}`);
    await expect(Number(bar.getAttribute('value'))).toBeCloseTo(0.4, 3);
    await expect(canvasElement.querySelector('label')).toHaveTextContent(`Downloading the weights — ${bytes}…`);
    await expect(c.getByRole('status')).toHaveTextContent(/^Downloading the weights$/);
  },
};

/** A server that sends no Content-Length: bytes so far, no total, no fraction. */
export const DownloadingWithoutLength: Story = {
  args: { progress: { phase: 'download', loaded: cut, total: null } },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const bar = c.getByRole('progressbar', { name: 'Downloading the weights' });
    await expect(bar).not.toHaveAttribute('value');
    await expect(bar).toHaveAttribute('aria-valuetext', mb(cut));
    await expect(canvasElement.querySelector('label')).toHaveTextContent(`Downloading the weights — ${mb(cut)}…`);
  },
};

/** Every byte is in; each tensor's name, dtype and shape is checked against the config. */
export const CheckingTensors: Story = {
  args: { progress: { phase: 'parse', loaded: 0, total: null } },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const bar = c.getByRole('progressbar', { name: 'Checking every tensor' });
    await expect(bar).not.toHaveAttribute('aria-valuetext');
    await expect(canvasElement).not.toHaveTextContent(/MB/);
  },
};

/** The shipped model failed with nothing else loaded: the parser's message and the ways forward. */
export const Failed: Story = {
  args: { state: 'error', error: truncatedError },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(truncatedError).toMatch(/^model\.safetensors: tensor .* out of range/);
    const alert = c.getByRole('alert');
    await expect(within(alert).getByRole('heading', { name: 'The model could not load' })).toBeVisible();
    await expect(alert).toHaveTextContent(truncatedError);
    await userEvent.click(c.getByRole('button', { name: 'Try again' }));
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
    await userEvent.click(c.getByRole('button', { name: 'Use random weights' }));
    await expect(args.onRandom).toHaveBeenCalledTimes(1);
    await expect(c.queryByRole('progressbar')).toBeNull();
  },
};

/** A dropped model failed while the shipped one stays loaded: a compact alert naming it. */
export const DroppedModelFailed: Story = {
  args: { state: 'ready', error: mismatchError, current: shippedName },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(mismatchError).toMatch(/^model\.safetensors: missing tensor model\.layers\.\d+\./);
    const alert = c.getByRole('alert');
    await expect(alert).toHaveTextContent(`That model could not load: ${mismatchError}. Still using ${shippedName}.`);
    await expect(c.queryByRole('button', { name: 'Try again' })).toBeNull();
    await userEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await expect(args.onDismiss).toHaveBeenCalledTimes(1);
  },
};

/** Loaded, nothing to say: the component renders nothing. */
export const Ready: Story = {
  args: { state: 'ready' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement).toBeEmptyDOMElement();
  },
};
