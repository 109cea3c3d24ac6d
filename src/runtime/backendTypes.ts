/** Backend names and status records: plain data, safe for the UI to import (no tfjs). */

export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

/** What the GPU adapter says about itself (WebGPU only). */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** why it failed, one line; absent when ok. */
  reason?: string;
  /** time spent trying, ms. */
  ms: number;
}

export interface BackendStatus {
  active: BackendName;
  adapter: AdapterSummary | null;
  /** every backend tried, in order, up to and including the active one. */
  attempts: BackendAttempt[];
}
