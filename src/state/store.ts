/** The one store the UI reads, built from slices; actions are callable without hooks. */
import { create } from 'zustand';
import { createRuntimeSlice, type RuntimeSlice } from './runtimeSlice';

export type AppState = RuntimeSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createRuntimeSlice(...a),
}));
