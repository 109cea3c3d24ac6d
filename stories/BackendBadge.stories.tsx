import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { BackendBadge } from '../src/app/BackendBadge';

const meta = {
  title: 'Runtime/BackendBadge',
  component: BackendBadge,
} satisfies Meta<typeof BackendBadge>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Choosing: Story = {
  args: { status: null },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(/Choosing/);
  },
};

/** The status headless Chromium reported with --enable-unsafe-webgpu on a machine without a GPU. */
export const WebGpuOnSwiftShader: Story = {
  args: {
    status: {
      active: 'webgpu',
      adapter: { vendor: 'google', architecture: 'swiftshader', device: '', description: '' },
      attempts: [{ name: 'webgpu', ok: true, ms: 412 }],
    },
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByTestId('backend-name')).toHaveTextContent('webgpu');
    await expect(c.getByTestId('adapter')).toHaveTextContent('swiftshader');
    await expect(c.getByTestId('software-gpu')).toHaveTextContent(/software renderer/);
  },
};

/** The status Chromium reports without the WebGPU flag: WebGPU fails, WebGL takes over. */
export const FellBackToWebgl: Story = {
  args: {
    status: {
      active: 'webgl',
      adapter: null,
      attempts: [
        { name: 'webgpu', ok: false, reason: 'requestAdapter() returned null: no usable GPU adapter', ms: 30 },
        { name: 'webgl', ok: true, ms: 120 },
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByTestId('backend-name')).toHaveTextContent('webgl');
    await expect(c.getByText('(fell back)')).toBeVisible();
    await userEvent.click(c.getByTestId('backend-name'));
    await userEvent.click(c.getByText(/Fell back from webgpu/));
    await expect(c.getByText(/requestAdapter\(\) returned null/)).toBeVisible();
  },
};

/** The default choice on a machine without a GPU: SwiftShader's WebGPU is not tried, wasm is measured. */
export const ChosenBySpeed: Story = {
  args: {
    status: {
      active: 'wasm',
      adapter: null,
      attempts: [{ name: 'wasm', ok: true, ms: 905 }],
      choice: {
        how: 'fastest',
        probes: [
          { name: 'webgpu', tokensPerSecond: null, skipped: 'software', detail: 'swiftshader' },
          { name: 'wasm', tokensPerSecond: 23.7 },
        ],
      },
    },
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByTestId('backend-name')).toHaveTextContent('wasm');
    await expect(c.getByTestId('backend-why')).toHaveTextContent(/webgpu not tried .*swiftshader.*wasm 24 tokens\/s/);
    await expect(c.getByRole('link', { name: 'webgpu' })).toHaveAttribute(
      'href',
      expect.stringMatching(/backend=webgpu/),
    );
  },
};

export const NoBackend: Story = {
  args: { status: null, error: 'no tfjs backend works here' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('no tfjs backend');
  },
};
