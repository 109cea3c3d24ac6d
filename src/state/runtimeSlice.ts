/** What the UI knows about the compute backend, as reported by the worker. */
import type { StateCreator } from 'zustand';
import type { BackendStatus } from '../runtime/backendTypes';

export interface RuntimeSlice {
  /** null until the worker has chosen a backend. */
  backend: BackendStatus | null;
  /** a message for the user when something went wrong; null when all is well. */
  runtimeError: string | null;
  setBackend: (status: BackendStatus) => void;
  setRuntimeError: (message: string | null) => void;
}

export const createRuntimeSlice: StateCreator<RuntimeSlice, [], [], RuntimeSlice> = (set) => ({
  backend: null,
  runtimeError: null,
  setBackend: (backend) => set({ backend, runtimeError: null }),
  setRuntimeError: (runtimeError) => set({ runtimeError }),
});
