import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ReleaseWatch } from '../src/offline/releaseWatch';
import { SKIP_WAITING } from '../src/offline/swSource';
import { UpdateBanner } from '../src/offline/UpdateBanner';

/** A new release's service worker, as far as the page sees it: it installs, then waits for a message. */
class WaitingWorker extends EventTarget {
  state = 'installing';
  posted: unknown[] = [];
  postMessage(m: unknown) {
    this.posted.push(m);
  }
}

/** A page running one release while the next finishes installing beside it. */
function newRelease() {
  const worker = new WaitingWorker();
  const registration = Object.assign(new EventTarget(), { waiting: null, installing: worker });
  const container = Object.assign(new EventTarget(), { controller: {} });
  const reloads: number[] = [];
  const watch = new ReleaseWatch(() => reloads.push(Date.now()));
  watch.watch(registration as unknown as ServiceWorkerRegistration, container as unknown as ServiceWorkerContainer);
  registration.dispatchEvent(new Event('updatefound'));
  worker.state = 'installed';
  worker.dispatchEvent(new Event('statechange'));
  return { watch, worker, container, reloads };
}

const meta = {
  title: 'App/UpdateBanner',
  component: UpdateBanner,
  args: { watch: new ReleaseWatch(() => undefined) },
} satisfies Meta<typeof UpdateBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

/** No new release: nothing shows, but the status region is in the page to announce one. */
export const Current: Story = {
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await expect(status).toBeEmptyDOMElement();
  },
};

const ready = newRelease();
/** A new release has installed: Reload asks it to take over, and the page reloads once it has. */
export const NewVersionReady: Story = {
  args: { watch: ready.watch },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await expect(status).toHaveTextContent('A new version of TinySeek is ready.');
    await userEvent.click(within(status).getByRole('button', { name: 'Reload' }));
    await expect(ready.worker.posted).toEqual([{ type: SKIP_WAITING }]);
    await expect(ready.reloads).toHaveLength(0);
    ready.container.dispatchEvent(new Event('controllerchange'));
    await expect(ready.reloads).toHaveLength(1);
  },
};

const later = newRelease();
/** Later hides the offer; the release takes over when every tab of the old one has closed. */
export const PutOff: Story = {
  args: { watch: later.watch },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await userEvent.click(within(status).getByRole('button', { name: /^Later/ }));
    await waitFor(() => expect(status).toBeEmptyDOMElement());
    await expect(later.worker.posted).toEqual([]);
  },
};
