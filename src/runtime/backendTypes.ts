/** Backend names and status records: plain data, safe for the UI to import (no tfjs). */

export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

/** What the GPU adapter says about itself (WebGPU only). */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** GPUAdapterInfo.isFallbackAdapter: the browser's own software implementation. */
  isFallbackAdapter?: boolean;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** why it failed, one line; absent when ok. */
  reason?: string;
  /** time spent trying, ms. */
  ms: number;
}

/**
 * How a worker picks its backend: the first of its order that works ('first', the default), the
 * fastest in a short timed decode probe ('fastest'), or the one a link names ('forced', `?backend=`)
 * or the page already chose ('page', the labs), each falling back along the order if it fails.
 */
export type BackendHow = 'first' | 'fastest' | 'forced' | 'page';

/** One backend's short timed decode probe: tokens/s, or why it was not measured. */
export interface BackendProbe {
  name: BackendName;
  /** decode tokens/s; null when it was not measured. */
  tokensPerSecond: number | null;
  /** why it was not measured: 'software' (a software GPU adapter, named in `detail`), 'failed' (`detail`: the error). */
  skipped?: 'software' | 'failed';
  detail?: string;
}

/** Why the active backend is the one it is. */
export interface BackendChoice {
  how: BackendHow;
  /** the probes, in order (empty unless `how` is 'fastest'). */
  probes: BackendProbe[];
}

export interface BackendStatus {
  active: BackendName;
  adapter: AdapterSummary | null;
  /** every backend tried, in order, up to and including the active one. */
  attempts: BackendAttempt[];
  /** how it was chosen, with the measured figures; absent for the default 'first'. */
  choice?: BackendChoice;
}
