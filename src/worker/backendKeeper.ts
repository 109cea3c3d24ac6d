/**
 * A worker's compute backend: chosen, reported, and watched. When the GPU device is lost the
 * keeper says so at once (deviceLost) and queues the recovery on the host's own queue: the host
 * forgets the lost device's tensors, the keeper drops that backend and chooses again from the
 * rest, and the host rebuilds from what it kept on the host (weights, the last checkpoint). Every
 * later backend status lists the lost backend first, with the reason, so the badge can say why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, chooseFastest, selectBackend } from '../runtime/backends';
import type { BackendHow, BackendName, BackendStatus } from '../runtime/backendTypes';
import { makeDecodeProbe } from './backendProbe';
import type { BackendEvent, DeviceLostEvent } from './messages';

/** What a lost device reports (GPUDeviceLostInfo's fields). */
export interface DeviceLoss {
  reason: string;
  message: string;
}

/** The ties to the platform, replaceable in tests. */
export interface BackendHooks {
  /** chooses and activates a backend (default: runtime/backends selectBackend, or chooseFastest with the decode probe). */
  select: (order?: BackendName[], how?: BackendHow) => Promise<BackendStatus>;
  /** resolves when the active backend's device is lost; null when it has none (default: WebGPU's device.lost). */
  deviceLoss: (status: BackendStatus) => Promise<DeviceLoss> | null;
}

const DEFAULT_HOOKS: BackendHooks = {
  select: async (order, how = 'first') => {
    if (how === 'fastest') return chooseFastest(order ?? BACKEND_ORDER, makeDecodeProbe());
    const status = await selectBackend(order);
    return how === 'first' ? status : { ...status, choice: { how, probes: [] } };
  },
  deviceLoss: (status) => {
    if (status.active !== 'webgpu') return null;
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    return device ? device.lost : null;
  },
};

/** What a host does when its device is lost. */
export interface Recoverable {
  /** at the moment of the loss, not queued: stop long work (a running loop) after its current step. */
  interrupt?(): void;
  /** first in the recovery job: drop every reference to the lost device's tensors (removing the backend frees them). */
  forget(): void;
  /** last in the recovery job, on the new backend: rebuild from what was kept on the host. */
  restore(): Promise<void>;
}

export class BackendKeeper {
  private order: BackendName[] | undefined;
  /** the backends given up, and why. */
  private readonly lost: { name: BackendName; reason: string }[] = [];
  private recovering = false;
  private readonly hooks: BackendHooks;

  /**
   * @param post where the backend and deviceLost events go (the host's own post).
   * @param jobs the host's queue: the recovery runs between its jobs.
   */
  constructor(
    private readonly post: (e: BackendEvent | DeviceLostEvent) => void,
    private readonly jobs: { enqueue(during: 'backend', job: () => Promise<void>): void },
    private readonly host: Recoverable,
    hooks: Partial<BackendHooks> = {},
  ) {
    this.hooks = { ...DEFAULT_HOOKS, ...hooks };
  }

  /** False from a device loss until another backend is chosen: tensors read now may not be real, so save none. */
  get healthy(): boolean {
    return !this.recovering;
  }

  /**
   * Chooses a backend of `order` (the first that works, or as `how` says: runtime/backendTypes
   * BackendHow) and reports it; the order is kept for a recovery, which takes the first that works.
   */
  async select(order?: BackendName[], how?: BackendHow): Promise<BackendStatus> {
    this.order = order;
    return this.choose(order, how);
  }

  private async choose(order?: BackendName[], how?: BackendHow): Promise<BackendStatus> {
    const status = await this.hooks.select(order, how);
    const lost = this.lost.map((l) => ({ name: l.name, ok: false as const, reason: l.reason, ms: 0 }));
    const reported = { ...status, attempts: [...lost, ...status.attempts] };
    this.post({ type: 'backend', status: reported });
    const loss = this.hooks.deviceLoss(status);
    if (loss) void loss.then((info) => this.onDeviceLost(status.active, info));
    return reported;
  }

  private onDeviceLost(backend: BackendName, info: DeviceLoss): void {
    if (info.reason === 'destroyed') return; // destroyed on purpose, not lost
    const why = `the GPU device was lost (${info.message || info.reason})`;
    this.lost.push({ name: backend, reason: why });
    this.recovering = true;
    this.post({ type: 'deviceLost', message: why });
    this.host.interrupt?.();
    this.jobs.enqueue('backend', () => this.recover(backend));
  }

  private async recover(lostBackend: BackendName): Promise<void> {
    this.host.forget();
    if (tf.findBackend(lostBackend)) tf.removeBackend(lostBackend);
    const gone = new Set(this.lost.map((l) => l.name));
    const order = (this.order ?? BACKEND_ORDER).filter((b) => !gone.has(b));
    await this.choose(order.length > 0 ? order : ['cpu']);
    this.recovering = false;
    await this.host.restore();
  }
}
