/** The one store the UI reads, built from slices; actions are callable without hooks (`useAppStore.getState()`). */
import { create } from 'zustand';
import { createBalanceLabSlice, type BalanceLabSlice } from './balanceLabSlice';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createRuntimeSlice, type RuntimeSlice } from './runtimeSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

export type AppState = RuntimeSlice & ModelSlice & SessionSlice & ViewSlice & BalanceLabSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createRuntimeSlice(...a),
  ...createModelSlice(...a),
  ...createSessionSlice(...a),
  ...createViewSlice(...a),
  ...createBalanceLabSlice(...a),
}));
