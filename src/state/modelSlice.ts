/** The model as the UI knows it: loading progress, what loaded, or why it could not. */
import type { StateCreator } from 'zustand';
import type { LoadedModelInfo, LoadPhase, ModelSource } from '../worker/protocol';
import { sendTo } from './workerLink';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface ModelSlice {
  loadState: LoadState;
  /** bytes downloaded so far and the total when the server says it. */
  loadProgress: { phase: LoadPhase; loaded: number; total: number | null } | null;
  model: LoadedModelInfo | null;
  loadError: string | null;
  /** ms from request to a usable model. */
  loadMs: number | null;
  loadModel: (source: ModelSource) => void;
}

export const createModelSlice: StateCreator<ModelSlice, [], [], ModelSlice> = (set) => ({
  loadState: 'idle',
  loadProgress: null,
  model: null,
  loadError: null,
  loadMs: null,
  loadModel: (source) => {
    set({ loadState: 'loading', loadProgress: null, loadError: null });
    sendTo('model', { type: 'load', source });
  },
});
