/** What the UI knows about the compute backend, as reported by the model worker (see modelEvents.ts). */
import type { StateCreator } from 'zustand';
import type { BackendStatus } from '../runtime/backendTypes';

export interface RuntimeSlice {
  /** null until the worker has chosen a backend. */
  backend: BackendStatus | null;
  /** a message for the user when something went wrong; null when all is well. */
  runtimeError: string | null;
}

export const createRuntimeSlice: StateCreator<RuntimeSlice, [], [], RuntimeSlice> = () => ({
  backend: null,
  runtimeError: null,
});
